/* SPDX-License-Identifier: MIT */
/*
 * The rounds the invept and invvpid rows share (vmx/checks/env.h): a guest
 * rereading one word while the host points the word's address at another
 * page and invalidates, so each read tells which translation the guest
 * used: the invalidation must make the new one seen (SDM Vol. 3C 29.4.3).
 */
#include "kernel/percpu.h"
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/vmx.h"

/* The pages the word's address is pointed at, round by round: R first. */
static const uint64_t remap_pages[CHK_REMAP_MAX] = {
	CHK_PAGE_R_GPA, CHK_PAGE_W_GPA, CHK_PAGE_U_GPA, CHK_PAGE_X_GPA, CHK_PAGE_X_GPA + PAGE_SIZE,
};

_Static_assert(CHK_PAGE_X_GPA + 2 * PAGE_SIZE <= CHK_MEM_SIZE, "remap pages inside check memory");

static uint32_t tag(const struct vchk *c, unsigned round)
{
	return 0x1e000000 | c->cpu->index << 8 | round;
}

void vchk_remap_setup(struct vchk *c)
{
	for (unsigned i = 0; i < CHK_REMAP_MAX; i++)
		vchk_set_word(c, remap_pages[i], tag(c, i));
	c->g.regs.rcx = CHK_PAGE_R_GPA;
}

enum chk_verdict vchk_remap_exit(struct vchk *c, const struct vchk_remap *r)
{
	unsigned k = c->step;
	uint32_t got = (uint32_t)c->g.regs.rbx;
	char done[CHECK_DETAIL_MAX] = "";
	struct out_buf b;

	if (!vchk_call(c, CHK_CALL_REPORT))
		return vchk_unexpected(c);
	if (got != tag(c, k))
		return vchk_fail(c, "read 0x%x, expected 0x%x (page 0x%llx)%s%s", got, tag(c, k),
				 (unsigned long long)remap_pages[k],
				 k ? ": a stale translation after " : "", k ? r->what[k - 1] : "");
	if (k == r->rounds) {
		out_buf_init(&b, done, sizeof(done));
		for (unsigned i = 0; i < r->rounds; i++)
			oprintf(&b.out, "%s%s", i ? ", " : "", r->what[i]);
		return vchk_pass(c, "%u remaps, each seen by the guest after %s", r->rounds, done);
	}
	if (!r->remap(c, r->type[k], remap_pages[k], remap_pages[c->broken ? k : k + 1]))
		return CHK_DONE;
	vchk_skip_insn(c);
	c->step++;
	return CHK_RESUME;
}

enum chk_verdict vchk_insn_failed(struct vchk *c, const char *insn, int r)
{
	vmx_report_insn_error(insn, r, c->rec->detail, sizeof(c->rec->detail));
	c->rec->result = CHECK_FAIL;
	return CHK_DONE;
}
