/* SPDX-License-Identifier: MIT */
/*
 * lib/jread.c: the strict JSON reader on arbitrary text, then every node
 * visited through the accessors (members looked up by their own names,
 * strings decoded, numbers read) as a report reader would.
 * Input: the JSON text.
 */
#include "tests/fuzz/fuzz.h"
#include "lib/jread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct jr_node nodes[4096];
	static char buf[256];
	struct jr_doc d;
	uint8_t *t = fuzz_copy(data, size);

	if (jr_parse((const char *)t, size, nodes, 4096, &d) == 0) {
		if (d.n == 0 || d.nodes[0].end != d.n)
			abort();
		for (uint32_t i = 0; i < d.n; i++) {
			const struct jr_node *nd = &d.nodes[i];
			uint64_t v;
			bool b;
			uint32_t k = 0;

			if (nd->end <= i || nd->end > d.n)
				abort();
			(void)jr_str(&d, (int)i, buf, sizeof(buf));
			(void)jr_str_eq(&d, (int)i, "pass");
			(void)jr_u64(&d, (int)i, &v);
			(void)jr_bool(&d, (int)i, &b);
			(void)jr_path(&d, (int)i, "cpus.listed");
			/* Children counted by jr_next agree with nchild. */
			for (int c = jr_index(&d, (int)i, 0); c >= 0; c = jr_next(&d, (int)i, c)) {
				if (nd->type == JR_OBJECT && d.nodes[c].key_len < sizeof(buf)) {
					memcpy(buf, d.nodes[c].key, d.nodes[c].key_len);
					buf[d.nodes[c].key_len] = '\0';
					if (!strchr(buf, '\\') && jr_get(&d, (int)i, buf) < 0)
						abort();
				}
				k++;
			}
			if ((nd->type == JR_ARRAY || nd->type == JR_OBJECT) && k != nd->nchild)
				abort();
		}
	}
	free(t);
	return 0;
}
