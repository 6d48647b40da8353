/* SPDX-License-Identifier: MIT */
/*
 * tools/vmxdecode --entry-check and tools/svmdecode --entry-check: a captured
 * serial log through the VM-entry rules of both backends (vmx/pure/
 * entry_rules_log.c, svm/pure/vmcb_log.c), and the image/VMCB log forms
 * printed back and re-parsed, which must give the same state. Corpus: the
 * boot logs in tests/unit/data/entry-check.
 */
#include "tests/fuzz/fuzz.h"
#include "svm/pure/vmcb_check.h"
#include "vmx/pure/entry_rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char again[65536];
	static struct er_vmcs v, w;
	static struct vmcb a, b;
	struct out *o = fuzz_out();
	char *text = (char *)fuzz_copy(data, size);	/* not NUL-terminated, as slurp() */
	struct out_buf ob;

	(void)er_decode_log(o, text, size);
	(void)vmcb_decode_log(o, text, size);
	/* Round trip: whatever parsed prints to lines that parse to the same state. */
	er_parse_image(&v, text, size);
	out_buf_init(&ob, again, sizeof(again));
	er_print_image(&ob.out, &v);
	if (!ob.lost) {
		er_parse_image(&w, again, ob.len);
		if (memcmp(v.v, w.v, sizeof(v.v)) || v.link_known != w.link_known ||
		    v.msr_load_known != w.msr_load_known)
			abort();
	}
	vmcb_parse_words(&a, text, size);
	out_buf_init(&ob, again, sizeof(again));
	vmcb_print_words(&ob.out, &a);
	if (!ob.lost) {
		vmcb_parse_words(&b, again, ob.len);
		if (memcmp(&a, &b, sizeof(a)))
			abort();
	}
	free(text);
	return 0;
}
