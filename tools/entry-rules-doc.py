#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write docs/entry-rules.md from the rule tables (build/tools/entryrules) and
the emulator/KVM cross-reference below.

usage: tools/entry-rules-doc.py [BUILD]     (from the repository root; needs make tools)
       tools/entry-rules-doc.py --record MODEL LOG
         takes the battery row entry_rules' per-rule lines of cpu0 from a boot log
         (log=debug: build/tests/bochs-entryrules-MODEL/com1.txt) into
         tools/entry-rules-battery.tsv (MODEL, rule id, outcome), which the document shows

The cross-reference was read by hand from the sources named in the document's
header; each entry is (regex on the rule id, Bochs 2.7 bochs/cpu/vmx.cc line or
"no", KVM's nested check or ""). The first matching entry wins; a rule with no
entry is listed as "?" (the generator prints how many).
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] != "--record" else os.path.join(ROOT, "build")

# KVM: arch/x86/kvm/vmx/nested.c (Linux 6.12), the function holding the CC() check.
K_EXEC = "nested_check_vm_execution_controls"
K_EXIT = "nested_check_vm_exit_controls"
K_ENTRY = "nested_check_vm_entry_controls"
K_HOST = "nested_vmx_check_host_state"
K_GUEST = "nested_vmx_check_guest_state"
K_LINK = "nested_vmx_check_vmcs_link_ptr"
K_MSR = "nested_vmx_load_msr_check"

VMX = [
    (r"ctrl\.pin\.must1$", "594", K_EXEC), (r"ctrl\.pin\.must0$", "598", K_EXEC),
    (r"ctrl\.proc\.must1$", "603", K_EXEC), (r"ctrl\.proc\.must0$", "607", K_EXEC),
    (r"ctrl\.proc2\.reserved$", "612, 616", K_EXEC), (r"ctrl\.proc3\.reserved$", "no", K_EXEC),
    (r"ctrl\.cr3_target_count$", "621", K_EXEC),
    (r"ctrl\.io_bitmap_[ab]\.", "631", "nested_vmx_check_io_bitmap_controls"),
    (r"ctrl\.msr_bitmap\.", "641", "nested_vmx_check_msr_bitmap_controls"),
    (r"ctrl\.tpr_shadow\.vapic\.", "687", "nested_vmx_check_tpr_shadow_controls"),
    (r"ctrl\.tpr_shadow\.threshold$", "712", "nested_vmx_check_tpr_shadow_controls"),
    (r"ctrl\.(x2apic|apic_reg_virt|vid)\.tpr_shadow$", "731", "nested_vmx_check_apicv_controls"),
    (r"ctrl\.virtual_nmis\.nmi_exiting$", "648", "nested_vmx_check_nmi_controls"),
    (r"ctrl\.nmi_window\.virtual_nmis$", "655", "nested_vmx_check_nmi_controls"),
    (r"ctrl\.apic_access\.", "740", ""),
    (r"ctrl\.x2apic\.apic_access$", "746", "nested_vmx_check_apicv_controls"),
    (r"ctrl\.vid\.ext_intr$", "694", "nested_vmx_check_apicv_controls"),
    (r"ctrl\.posted\.", "no", "nested_vmx_check_apicv_controls"),
    (r"ctrl\.vpid\.zero$", "770", K_EXEC),
    (r"ctrl\.ept\.", "756 (is_eptptr_valid)", "nested_vmx_check_eptp"),
    (r"ctrl\.ug\.ept$", "762", K_EXEC),
    (r"ctrl\.pml\.ept$", "805", "nested_vmx_check_pml_controls"),
    (r"ctrl\.pml\.addr\.", "811", "nested_vmx_check_pml_controls"),
    (r"ctrl\.ve\.addr\.", "677", ""),
    (r"ctrl\.spp\.ept$", "819", ""), (r"ctrl\.spp\.sppt\.", "825", ""),
    (r"ctrl\.mbec\.ept$", "no", ""),
    (r"ctrl\.pt_gpa\.", "no", ""),
    (r"ctrl\.vmfunc\.reserved$", "786", K_EXEC),
    (r"ctrl\.vmfunc\.eptp_switch\.ept$", "792", K_EXEC),
    (r"ctrl\.vmfunc\.eptp_list\.", "798", K_EXEC),
    (r"ctrl\.shadow\.vmread_bitmap\.", "664", "nested_vmx_check_shadow_vmcs_controls"),
    (r"ctrl\.shadow\.vmwrite_bitmap\.", "669", "nested_vmx_check_shadow_vmcs_controls"),
    (r"ctrl\.(pasid|hlat|ept_paging_write|guest_paging_verify|ipi_virt)\.", "no", ""),
    (r"ctrl\.exit\.must1$", "858", K_EXIT), (r"ctrl\.exit\.must0$", "862", K_EXIT),
    (r"ctrl\.exit2\.reserved$", "no", ""),
    (r"ctrl\.exit\.save_preempt$", "868", K_EXEC),
    (r"ctrl\.exit\.msr_store\.align$", "876", "nested_vmx_check_exit_msr_switch_controls"),
    (r"ctrl\.exit\.msr_store\.width$", "882", "nested_vmx_check_exit_msr_switch_controls"),
    (r"ctrl\.exit\.msr_load\.align$", "890", "nested_vmx_check_exit_msr_switch_controls"),
    (r"ctrl\.exit\.msr_load\.width$", "896", "nested_vmx_check_exit_msr_switch_controls"),
    (r"ctrl\.entry\.must1$", "913", K_ENTRY), (r"ctrl\.entry\.must0$", "917", K_ENTRY),
    (r"ctrl\.event\.type$", "1020", K_ENTRY),
    (r"ctrl\.event\.other$", "no (accepted when MTF is not supported)", K_ENTRY),
    (r"ctrl\.event\.nmi_vector$", "978", K_ENTRY),
    (r"ctrl\.event\.hw_vector$", "994", K_ENTRY),
    (r"ctrl\.event\.other_vector$", "1013", K_ENTRY),
    (r"ctrl\.event\.errcode_(real|extra|missing)$", "1036 (skipped on CET models)", K_ENTRY),
    (r"ctrl\.event\.reserved$", "968", K_ENTRY),
    (r"ctrl\.event\.errcode_high$", "1043", K_ENTRY),
    (r"ctrl\.event\.length$", "1005", K_ENTRY),
    (r"ctrl\.entry\.msr_load\.align$", "931", "nested_vmx_check_entry_msr_switch_controls"),
    (r"ctrl\.entry\.msr_load\.width$", "937", "nested_vmx_check_entry_msr_switch_controls"),
    (r"ctrl\.entry\.smm$", "no: checked with the guest state (1957, exit 33)", K_ENTRY),
    (r"ctrl\.entry\.dual_monitor$", "923", K_ENTRY),
    (r"host\.cr0\.fixed0$", "1093", K_HOST), (r"host\.cr0\.fixed1$", "1098", K_HOST),
    (r"host\.cr4\.fixed0$", "1112", K_HOST), (r"host\.cr4\.fixed1$", "1116", K_HOST),
    (r"host\.cr4\.cet_wp$", "no", ""),
    (r"host\.cr3\.width$", "1105", K_HOST),
    (r"host\.sysenter_esp", "1184", K_HOST), (r"host\.sysenter_eip", "1189", K_HOST),
    (r"host\.s_cet\.reserved$", "1216", K_HOST), (r"host\.s_cet\.canonical$", "1211", K_HOST),
    (r"host\.ssp\.canonical$", "1222", K_HOST), (r"host\.ssp_table", "1232", K_HOST),
    (r"host\.perf_global", "no", K_HOST), (r"host\.pat$", "1198", K_HOST),
    (r"host\.efer\.reserved$", "1259", K_HOST), (r"host\.efer\.lm[ae]$", "1265", K_HOST),
    (r"host\.pkrs", "1247", ""),
    (r"host\.\w+\.selector$", "1123", K_HOST),
    (r"host\.cs\.null$", "1129", K_HOST), (r"host\.ss\.null$", "1134", K_HOST),
    (r"host\.tr\.null$", "1140", K_HOST),
    (r"host\.fs\.base$", "1156", K_HOST), (r"host\.gs\.base$", "1160", K_HOST),
    (r"host\.tr\.base$", "1147", K_HOST), (r"host\.gdtr\.base$", "1169", K_HOST),
    (r"host\.idtr\.base$", "1173", K_HOST),
    (r"host\.asz\.ia32e$", "1074", K_HOST),
    (r"host\.asz\.(legacy_guest|legacy_host|h0_guest)$", "1082", K_HOST),
    (r"host\.asz\.h0_pcide$", "1287", K_HOST), (r"host\.asz\.h0_rip$", "1283", K_HOST),
    (r"host\.asz\.h1_pae$", "1273", K_HOST), (r"host\.asz\.h1_rip$", "1277", K_HOST),
    (r"guest\.cr0\.fixed[01]$", "1365, 1380, 1386", K_GUEST),
    (r"guest\.cr0\.pg_pe$", "1372", K_GUEST),
    (r"guest\.cr4\.fixed[01]$", "1406, 1411", K_GUEST),
    (r"guest\.cr4\.cet_wp$", "1440", K_GUEST),
    (r"guest\.cr3\.width$", "1399", ""),
    (r"guest\.ia32e\.pg$", "no with unrestricted guest (1363-1375; 1386 without)", K_GUEST), (r"guest\.ia32e\.pae$", "1418", K_GUEST),
    (r"guest\.cr4\.pcide$", "1424", ""),
    (r"guest\.debugctl", "no", K_GUEST), (r"guest\.dr7\.high$", "1432", K_GUEST),
    (r"guest\.sysenter_esp", "1792", K_GUEST), (r"guest\.sysenter_eip", "1796", K_GUEST),
    (r"guest\.s_cet\.reserved$", "1452", K_GUEST), (r"guest\.s_cet\.canonical$", "1447", K_GUEST),
    (r"guest\.ssp_table", "1468", K_GUEST),
    (r"guest\.perf_global", "no", K_GUEST), (r"guest\.pat$", "1805", K_GUEST),
    (r"guest\.efer\.reserved$", "1818", K_GUEST), (r"guest\.efer\.lma$", "1824", K_GUEST),
    (r"guest\.efer\.lme$", "1828", K_GUEST),
    (r"guest\.bndcfgs", "no", K_GUEST), (r"guest\.lbr_ctl", "no", ""),
    (r"guest\.pkrs", "1478", ""), (r"guest\.uinv", "no", ""),
    (r"guest\.[gi]dtr\.base$", "1675", ""), (r"guest\.[gi]dtr\.limit$", "1680", ""),
    (r"guest\.rip\.high$", "1835", ""), (r"guest\.rip\.canonical$", "no", ""),
    (r"guest\.rflags\.reserved$", "1333", ""), (r"guest\.rflags\.bit1$", "1338", ""),
    (r"guest\.rflags\.vm$", "1356 (IA-32e only; no for CR0.PE 0)", ""), (r"guest\.rflags\.if$", "no", ""),
    (r"guest\.ssp\.", "1458", K_GUEST),
    (r"guest\.\w+\.v86_base$", "1502", ""), (r"guest\.\w+\.v86_limit$", "1506", ""),
    (r"guest\.\w+\.v86_ar$", "1511", ""),
    (r"guest\.(fs|gs)\.base$", "1521", ""), (r"guest\.tr\.base$", "1739", ""),
    (r"guest\.ldtr\.base$", "1720", ""), (r"guest\.\w+\.base_high$", "1539", ""),
    (r"guest\.tr\.ti$", "1752", ""), (r"guest\.ldtr\.ti$", "1699", ""),
    (r"guest\.ss\.rpl$", "1644", ""),
    (r"guest\.tr\.s$", "1756", ""), (r"guest\.tr\.present$", "1760", ""),
    (r"guest\.tr\.(ar_11_8|ar_31_17|g_low|g_high)$", "1764", ""),
    (r"guest\.tr\.unusable$", "1748", ""), (r"guest\.tr\.type$", "1775", ""),
    (r"guest\.ldtr\.type$", "1703", ""), (r"guest\.ldtr\.s$", "1707", ""),
    (r"guest\.ldtr\.present$", "1711", ""),
    (r"guest\.ldtr\.(ar_11_8|ar_31_17|g_low|g_high)$", "1715", ""),
    (r"guest\.\w+\.s$", "1546", ""), (r"guest\.\w+\.present$", "1551", ""),
    (r"guest\.\w+\.(ar_11_8|ar_31_17|g_low|g_high)$", "1556", ""),
    (r"guest\.cs\.dpl_nonconforming$", "1567", ""), (r"guest\.cs\.dpl_conforming$", "1575", ""),
    (r"guest\.cs\.dpl_type3$", "1583", ""), (r"guest\.cs\.type$", "1591", ""),
    (r"guest\.cs\.db_long$", "1598", ""), (r"guest\.ss\.type$", "1611", ""),
    (r"guest\.\w+\.accessed$", "1618", ""), (r"guest\.\w+\.readable$", "1624", ""),
    (r"guest\.\w+\.dpl$", "1633", ""),
    (r"guest\.ss\.dpl_rpl$", "1648", ""), (r"guest\.ss\.dpl_real$", "1656", ""),
    (r"guest\.activity\.(value|supported)$", "1892", K_GUEST),
    (r"guest\.activity\.hlt_dpl$", "1898", ""),
    (r"guest\.activity\.blocking$", "1911", ""),
    (r"guest\.activity\.hlt_event$", "no", ""),
    (r"guest\.activity\.shutdown_event$", "1950", ""),
    (r"guest\.activity\.sipi_event$", "1946", ""),
    (r"guest\.activity\.smm_sipi$", "1962", ""),
    (r"guest\.intr\.reserved$", "1905", ""), (r"guest\.intr\.sti_movss$", "1919", ""),
    (r"guest\.intr\.sti_if$", "1925", ""), (r"guest\.intr\.ext_blocking$", "1935", ""),
    (r"guest\.intr\.nmi_movss$", "1941", ""), (r"guest\.intr\.smi$", "1969", ""),
    (r"guest\.intr\.smi_smm$", "1957", ""),
    (r"guest\.intr\.nmi_vnmi$", "no (985, commented out)", ""),
    (r"guest\.intr\.enclave", "no", ""),
    (r"guest\.pending_dbg\.reserved$", "1886", ""),
    (r"guest\.pending_dbg\.", "no", ""),
    (r"guest\.link\.(align|width)$", "1849", K_LINK),
    (r"guest\.link\.revision$", "1864", K_LINK), (r"guest\.link\.shadow$", "1857", K_LINK),
    (r"guest\.pdpte\d\.", "1980 (CheckPDPTR)", "nested_vmx_check_guest_state (load_pdptrs)"),
    (r"msr\.load\.reserved$", "2253", K_MSR), (r"msr\.load\.x2apic$", "2268 (only on models with x2APIC)", K_MSR),
    (r"msr\.load\.fs_gs_base$", "2261", K_MSR), (r"msr\.load\.smm_only$", "no (2274: its WRMSR accepts 0x9b)", K_MSR),
    (r"msr\.load\.model$", "no (2274: its WRMSR accepts 0x79)", K_MSR),
]

HEADER = """# VM-entry rules, each by name

Generated by `tools/entry-rules-doc.py` from the rule tables (`vmx/pure/entry_rules*.c`,
`svm/pure/vmcb_check.c`, printed by `build/tools/entryrules`): edit those, then regenerate.

Every check a VM entry makes is a row with a stable id. Before the first VMLAUNCH of its main
guest (vmx/guest.c) and of every check guest (vmx/checks/run.c), and before the first VMRUN of
each (svm/guest.c, svm/checks/run.c) picovisor reads back what it wrote
(VMREAD into an image of {nfields} fields; the VMCB itself) and refuses a state that breaks a
rule: the guest is `failed` with `VM entry refused: rule ID: TEXT; the CPU would give OUTCOME`
(`VMRUN refused: ...` on AMD-V), followed by the broken rules and the state as
`vmcs: 0xENCODING = 0xVALUE` / `vmcb: 0xOFFSET = 0xVALUE` lines and one `vmcs: env ...` /
`vmcb: env ...` line. When the CPU refuses an entry itself (VMfailValid 7/8, exit 33/34,
VMEXIT_INVALID), the same lines follow its error and say which rules explain it, or
`the CPU rejected a state that passes all N rules`. `build/tools/vmxdecode --entry-check LOG`
and `build/tools/svmdecode --entry-check LOG` read those lines (with the log's capability lines)
and print each CPU's broken rules. `entrycheck=off` (docs/cmdline.md) skips the software check
so that the CPU's own answer is seen; `selftest=entry-rule-cpu1` breaks `guest.rflags.bit1`
(VT-x) or `vmrun.intercept` (AMD-V) on cpu1 only.

**Cost.** The check runs once per VMCS/VMCB, before the first entry: the exit handlers change
only RIP, RAX and event fields between entries, so VMRESUME / later VMRUNs are not checked. In
Bochs 2.7 (an RDTSC delta counts instructions) the VT-x check, with its VMREADs (of the
{nfields} fields, those the CPU has: a field that exists only with a control the capability MSRs
do not allow is not read) and CPUID, costs 24,665-24,670 instructions per CPU on
corei7_skylake_x (boot test `bochs-guest-skylake4`, line `guest: VM-entry check: all {nvmx}
rules hold (N TSC ticks)`) and 24,448 on core2_penryn_t9600 (`bochs-guest-penryn`); the
VMRUN check, which reads the VMCB in memory, 600-605 instructions on ryzen (`bochs-svm-ryzen3`)
and 481 on turion64_tyler (`bochs-svm-turion`). Under QEMU TCG the TSC is host time, not a count.
Before every check guest of the battery it adds about 31,000 instructions a row on VT-x: the
25-row battery of corei7_skylake_x goes from 150 to 228 ms of Bochs time (`checks_us` of
`bochs-checks-skylake2`), some 8 us a row on a real CPU; a refused check guest FAILs its row with
`VM entry refused: rule ID ...` (`VMRUN refused: ...`).

**Outcome classes (VT-x).** The CPU reports only the first failing class, in this order:
`VMfailValid 7` (controls), `VMfailValid 8` (host state), `exit 33` (guest state; qualification 2
for a PDPTE, 4 for the VMCS link pointer, else 0), `exit 34` (MSR loading; qualification = the
entry's index from 1). Within a class the SDM fixes no order; picovisor names the first row of
this table.

**Sources of the emulator columns.** Bochs: tag `REL_2_7_FINAL` of github.com/bochs-emu/Bochs,
`bochs/cpu/vmx.cc` and `bochs/cpu/svm.cc`, the line of the `BX_ERROR` that rejects the state
("no": that Bochs enters the state anyway). QEMU: `target/i386/tcg/system/svm_helper.c`,
function `helper_vmrun` (commit 3b50303f of qemu/qemu; QEMU 10.0 has the same checks).
KVM: `arch/x86/kvm/vmx/nested.c` of Linux mainline (late 2025: the `IA32_DEBUGCTL` and CET
checks of `nested_vmx_check_guest_state`/`nested_vmx_check_host_state` are 2025 additions, newer
than 6.12), the function whose `CC()` checks a vmcs12 for the rule (empty: KVM leaves it to the
hardware); attributed by function, not verified line by line. Read by hand; where a Bochs line
covers several rules (e.g. 1556 "AR/LIMIT malformed"), every rule it covers is listed with it.

**Check guests.** The check battery (vmx/checks/, svm/checks/) enters its own VMCS/VMCB; it can
call the same check before its entry: `vmx_entry_check_current()` (vmx/entry_check.h: VMREAD of
the current VMCS, returns the broken-rule count and fills the image for
`vmx_entry_print()`/`vmx_entry_describe()`) and `svm_vmrun_check()` (svm/vmrun_check.h, on the
VMCB in memory), as vmx/guest.c and svm/guest.c do.

**Confirmed on the CPU: the battery row `entry_rules`** (vmx/checks/entry_rules.c,
docs/checks.md). On every CPU the row breaks each rule alone in the check guest's known-good
VMCS (the rule's break function, `er_try_break` in vmx/pure/entry_rules_try.c, applied to the
VMCS as read back; the pages a break points at are zeroed host pages of the row), checks that
the software check of the VMCS read back names exactly that rule (and the rules its row breaks
with it), enters with VMLAUNCH, and compares the CPU's answer with the class above. Never tried,
on any CPU: host-state rules (`host`: a CPU that let such an entry through would load the broken
host state at the next VM exit) and the VM-exit MSR-store/-load areas (`exit-area`: the exit would
store or load through the bad area, and a failure there is a VMX abort), and `ctrl.event.other`
(`event`: type 7 injected where monitor trap flag is not supported; a CPU that let the entry
through would deliver an event type it does not implement: Bochs 2.7 accepts the entry, 1010-1017,
and then ends the emulator in VMenterInjectEvents, 2218, `BX_PANIC` "unsupported event injection
type 7"). On a CPU a rule is also
not tried when its capability MSRs cannot express the break (`caps`), the break needs another CPU
(`cpu`: with or without SGX or RTM), or the break does not hold alone in the check VMCS (`base`:
e.g. `ctrl.vpid.zero` where the check guest already runs with a VPID). A CPU that enters anyway
runs the guest program `vchk_g_entry_rules` (VMCALL at once; the VMX-preemption timer, on Core 2
the LAPIC timer, behind it); after each try every field is written back (after a VM exit or a
failed entry with VMCLEAR and VMPTRLD first). `log=debug` prints one line per rule; each
disagreement is printed (`entry_rules: rule ID: the CPU gave X, the SDM says Y`) at any log
level. Cost in Bochs 2.7 (RDTSC counts instructions): about 63 million per CPU for the 314 rules
on corei7_skylake_x (216 entries), 101 million on core2_penryn_t9600 (182 entries), about 45 s
of host time for a 2-CPU boot test.

Bochs 2.7 differs from the SDM on these rules (each pinned by its boot test; `vmx.cc` of
`REL_2_7_FINAL`):
`ctrl.entry.smm` (and `guest.activity.smm_sipi`, `guest.intr.smi_smm`, which break it as well):
the VM-entry control checks (vmx.cc 911-925) test only "deactivate dual-monitor treatment" outside
SMM, so entry to SMM reaches the guest-state checks and fails there (1955-1958, exit 33 instead
of VMfailValid 7); had it passed those, 2116 would panic ("entry to SMM is not implemented").
`guest.ia32e.pg`: with unrestricted guest, 1363-1375 check CR0 only for PG without PE; nothing
requires PG for an IA-32e mode guest (entered: EPT violation). `guest.debugctl.reserved`: 1783
reads the guest IA32_DEBUGCTL without a check. `guest.perf_global.reserved`: vmx.cc reads no
guest IA32_PERF_GLOBAL_CTRL at all, though the models allow "load IA32_PERF_GLOBAL_CTRL".
`guest.rip.canonical`: 1833-1838 check only bits 63:32 outside 64-bit code (entered: #GP).
`guest.rflags.vm`: 1355 refuses RFLAGS.VM only for an IA-32e mode guest, not with CR0.PE 0
(unrestricted guest). `guest.activity.hlt_event`: 1896-1901 check only SS.DPL for HLT; 1944-1952
restrict the injected event only for wait-for-SIPI and shutdown. `guest.intr.nmi_vnmi`: the
check is commented out (981-988). `guest.pending_dbg.bs_set`, `guest.pending_dbg.bs_clear`:
1884-1888 check only the reserved bits. `msr.load.smm_only`, `msr.load.model`: LoadMSRs
(2241-2278) refuses only FS/GS base and x2APIC MSRs; its WRMSR accepts 0x9b and 0x79.
`msr.load.x2apic` (core2_penryn_t9600 only): 2266 refuses x2APIC MSRs only on models with
x2APIC. `ctrl.event.errcode_real` (tigerlake only): 1031-1038 skip the error-code checks on
models with CET, including the one for a real-mode guest under unrestricted guest (1025-1028).
`entryskip=RULE,...` (docs/cmdline.md) leaves further rules out (`skip`), e.g. for another
emulator that dies on one.

**Confirmed on the CPU: the battery row `vmrun_rules`** (svm/checks/vmrun_rules.c). The same
on AMD-V: each rule broken alone in the check guest's VMCB (`vmcb_try_break`,
svm/pure/vmcb_break.c), the software check (`svm_vmrun_check`) must name exactly it, VMRUN must
end in VMEXIT_INVALID; a CPU that runs the VMCB anyway exits at the guest's VMMCALL (the LAPIC
timer behind it) and the VMCB is copied back after each try. Never tried: `vmrun.asid.zero`
(`tlb`: a VMRUN let through would put guest translations of addresses the host maps elsewhere
into the host's ASID) and `vmrun.long.pe` (`mode`: a VMRUN let through would run long mode with
CR0.PE 0, a state nothing defines; Bochs 2.7, which does not check the rule, ends the emulator
there: cpu/proc_ctrl.cc 332, `change_cpu_mode` panics "EFER.LMA is set when CR0.PE=0"). Without nested paging the breaks that change the guest's paging
(`vmrun.cr3.mbz`, `vmrun.long.*`, `vmrun.event.of_br_64bit`) are not tried (`paging`: the guest
would walk host memory with tables not built for that mode). `vmrun.cr4.mbz` sets the lowest
CR4 bit from 15 up that the CPU does not implement: QEMU TCG lists no VME in CPUID yet accepts
CR4.VME, as its `CR4_RESERVED_MASK` allows bits 14:0 whatever CPUID says. QEMU 10.0 TCG differs
from the APM on these rules (each pinned by `qemu-vmrunrules-epyc` / `-qemu64`; `helper_vmrun`
in `target/i386/tcg/sysemu/svm_helper.c`, commit 18cd31ff of qemu/qemu, `system/` in later
trees): `vmrun.np.ncr3` and `vmrun.np.gpat` (EPYC): the branch
`if (nested_ctl & SVM_NPT_ENABLED) {{ env->nested_cr3 = x86_ldq_phys(...); ... }}` takes N_CR3 and
G_PAT without a check (the guest then takes a nested page fault, or runs);
`vmrun.np.unsupported` (qemu64, no NPT in CPUID): the same branch does not look at CPUID, so
nested paging is enabled anyway; `vmrun.event.of_br_64bit` (EPYC): the `SVM_EVTINJ_TYPE_EXEPT`
case refuses only `vector == EXCP02_NMI || vector >= 31` and delivers #OF into 64-bit mode (its
delivery then faults: exit 0x4e, #PF). Bochs 2.7 (ryzen, `bochs-vmrunrules-ryzen`; svm.cc of
`REL_2_7_FINAL`) differs on `vmrun.cr3.mbz` (the guest CR3 is loaded without a width check),
`vmrun.msrpm.addr` and `vmrun.iopm.addr` (352-362 test `IsValidPhyAddr` of the 4-KiB base only,
not the map's last byte: a map starting in the last page runs) and `vmrun.event.of_br_64bit` (no
check). Cost: 24 VMRUNs or fewer per CPU, under a second of TCG time.

**Emulator checks beyond these rules** (read in the sources, not run): Bochs 2.7 refuses TSC
scaling with a TSC multiplier of 0 (vmx.cc 840; the SDM lists no such check), a VMCS link
pointer equal to the current VMCS or the VMXON pointer (1871, 1878; older SDM editions), and
a host or guest SSP with bits 1:0 set (1226, 1462); its SVM refuses CS.L and CS.D both set in
any mode (svm.cc 493; the APM only with EFER.LME, CR0.PG and CR4.PAE). QEMU refuses an injected
exception with vector 31, which the APM allows (`vector >= 31`), and an MSR or I/O permission
map whose last byte is the last byte of the physical address space (`base >= 2^width - size`),
which `vmrun.msrpm.addr`/`vmrun.iopm.addr` accept. A state such an emulator refuses passes every rule
here, so picovisor would say "the CPU rejected a state that passes all N rules".

**What the rules do not cover.** Checks that need memory picovisor does not read: the TPR
threshold against the virtual-APIC page's VTPR, the PDPTEs loaded through CR3 without EPT,
the VMCS link pointer being the current VMCS or the VMXON region (older SDMs), "WRMSR would
raise #GP" for an MSR-load entry's value, and SEV/SEV-ES/AVIC/CET rules of the VMCB. The
`guest.activity.*`, `guest.intr.*` and `guest.pending_dbg.*` rows follow the SDM text as read
here; `ctrl.hlat.hlatp` and `ctrl.ipi_virt.pid_table` (alignment 8 bytes) and
`vmrun.event.of_br_64bit` are the least certain (no emulator or KVM check to compare with).

"""

BATTERY = os.path.join(ROOT, "tools", "entry-rules-battery.tsv")
LINE = re.compile(r"^\[cpu0\] (?:entry_rules|vmrun_rules): (?:rule )?([a-z0-9_.]+): (.*)$")


def record(model, log):
    """The per-rule lines of cpu0 in a boot log into BATTERY (that model's rows replaced)."""
    got = {}
    for line in open(log, errors="replace"):
        m = LINE.match(line.rstrip("\n"))
        if not m or m.group(1) in ("", "rules"):
            continue
        rid, what = m.groups()
        if rid == "rules":
            continue
        if what.endswith(", agreed"):
            got[rid] = "agreed\t" + what[:-len(", agreed")]
        elif what.startswith("not tried ("):
            got[rid] = "not tried\t" + what[len("not tried ("):-1]
        elif what.startswith("the CPU gave "):
            got[rid] = "differs\t" + what[len("the CPU gave "):]
    rows = []
    if os.path.exists(BATTERY):
        rows = [l for l in open(BATTERY).read().splitlines()
                if l and not l.startswith("#") and l.split("\t")[0] != model]
    rows += ["%s\t%s\t%s" % (model, rid, v) for rid, v in got.items()]
    with open(BATTERY, "w") as f:
        f.write("# model\trule\toutcome (agreed / differs / not tried)\tdetail: the CPU's answer or the "
                "reason; written by tools/entry-rules-doc.py --record\n")
        f.write("\n".join(rows) + "\n")
    print("entry-rules-doc: %s: %d rules recorded" % (model, len(got)))


def battery():
    """{model: {rule: (outcome, detail)}} from BATTERY, models in file order (VT-x and AMD-V)."""
    res = {}
    if not os.path.exists(BATTERY):
        return res
    for l in open(BATTERY).read().splitlines():
        if not l or l.startswith("#"):
            continue
        model, rid, outcome, detail = l.split("\t")
        res.setdefault(model, {})[rid] = (outcome, detail)
    return res


def battery_cell(rid, safety, bat):
    if safety != "tried":
        return "never (%s)" % safety
    agreed = [m for m in bat if bat[m].get(rid, ("", ""))[0] == "agreed"]
    parts = []
    if agreed:
        parts.append("agrees: " + ", ".join(agreed))
    for m in bat:
        o, d = bat[m].get(rid, ("", ""))
        if o == "differs":
            parts.append("**%s: %s**" % (m, d))
        elif o == "not tried":
            parts.append("%s: not tried (%s)" % (m, d))
    return "; ".join(parts) or "-"


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--record":
        record(sys.argv[2], sys.argv[3])
        return
    allbat = battery()
    bat = {m: v for m, v in allbat.items() if not any(k.startswith("vmrun.") for k in v)}
    sbat = {m: v for m, v in allbat.items() if any(k.startswith("vmrun.") for k in v)}
    out = subprocess.run([os.path.join(BUILD, "tools", "entryrules")], check=True,
                         capture_output=True, text=True).stdout
    vmx, svm = [], []
    for line in out.splitlines():
        f = line.split("\t")
        (vmx if f[0] == "vmx" else svm).append(f[1:])
    nfields = len(re.findall(r"X\((\w+)\)", open(os.path.join(ROOT, "vmx/pure/entry_rules.h")).read()))
    missing = 0
    rows = []
    counts = {}
    for rid, sec, cls, text, safety in vmx:
        bochs, kvm = "?", ""
        for rx, b, k in VMX:
            if re.match(rx, rid):
                bochs, kvm = b, k
                break
        else:
            missing += 1
        c = counts.setdefault(sec, [0, 0])
        c[0] += 1
        c[1] += bochs != "?" and not bochs.startswith("no")
        rows.append("| `%s` | %s | %s | %s | %s | %s |" % (rid, text, cls, bochs, kvm,
                                                      battery_cell(rid, safety, bat)))
    doc = HEADER.format(nfields=nfields, nvmx=len(vmx))
    doc += "## Counts\n\n| section (SDM Vol. 3C / APM Vol. 2) | rules | Bochs 2.7 enforces | QEMU enforces |\n|---|---|---|---|\n"
    for sec, (n, b) in counts.items():
        doc += "| %s | %d | %d | - |\n" % (sec, n, b)
    scount = {}
    for rid, sec, cls, text, b, q, safety in svm:
        c = scount.setdefault(sec, [0, 0, 0])
        c[0] += 1
        c[1] += b != "no"
        c[2] += q == "yes"
    for sec, (n, b, q) in scount.items():
        doc += "| APM: %s | %d | %d | %d |\n" % (sec, n, b, q)
    doc += "| **total** | %d | %d | %d (of %d AMD-V) |\n\n" % (
        len(vmx) + len(svm), sum(c[1] for c in counts.values()) + sum(c[1] for c in scount.values()),
        sum(c[2] for c in scount.values()), len(svm))
    doc += battery_counts(vmx, bat)
    cur = None
    for (rid, sec, cls, text, safety), row in zip(vmx, rows):
        if sec != cur:
            doc += "\n## VT-x: %s\n\n| id | must hold | outcome | Bochs 2.7 vmx.cc | KVM nested check | battery row entry_rules on Bochs 2.7 |\n|---|---|---|---|---|---|\n" % sec
            cur = sec
        doc += row + "\n"
    doc += battery_counts(svm, sbat, "\n## The battery row vmrun_rules on QEMU 10.0 TCG and Bochs 2.7\n\nPer APM section and "
                          "`-cpu` or model (2 CPUs each, boot tests `qemu-vmrunrules-CPU`, `bochs-vmrunrules-ryzen`): rules tried / agreed "
                          "with the APM / differed / not tried (by reason: " + SVM_REASONS + ").\n\n")
    cur = None
    for rid, sec, cls, text, b, q, safety in svm:
        if sec != cur:
            doc += "\n## AMD-V: %s\n\n| id | VMRUN fails (VMEXIT_INVALID) when | Bochs 2.7 svm.cc | QEMU helper_vmrun | battery row vmrun_rules |\n|---|---|---|---|---|\n" % sec
            cur = sec
        doc += "| `%s` | %s | %s | %s | %s |\n" % (rid, text, b, q, battery_cell(rid, safety, sbat))
    open(os.path.join(ROOT, "docs", "entry-rules.md"), "w").write(doc)
    print("entry-rules-doc: %d VT-x rules (%d without a cross-reference), %d AMD-V rules"
          % (len(vmx), missing, len(svm)))

def battery_counts(vmx, bat, head=None):
    """Per section and model: tried / agreed / differed / not tried (by reason)."""
    if not bat:
        return ""
    doc = head or ("## The battery row entry_rules on Bochs 2.7\n\nPer SDM section and model (2 CPUs each, "
           "boot tests `bochs-entryrules-MODEL`): rules tried / agreed with the SDM / differed / "
           "not tried (by reason: " + BATTERY_REASONS + ").\n\n")
    doc += "| section | " + " | ".join(bat) + " |\n|---|" + "---|" * len(bat) + "\n"
    secs = []
    for r in vmx:
        if r[1] not in secs:
            secs.append(r[1])
    total = {m: [0, 0, 0, {}] for m in bat}
    for sec in secs + [None]:
        cells = []
        for m in bat:
            c = [0, 0, 0, {}] if sec else total[m]
            if sec:
                for r in vmx:
                    rid, s2 = r[0], r[1]
                    if s2 != sec:
                        continue
                    o, d = bat[m].get(rid, ("not tried", "?"))
                    t = total[m]
                    for x in (c, t):
                        if o == "not tried":
                            x[3][d] = x[3].get(d, 0) + 1
                        else:
                            x[0] += 1
                            x[1] += o == "agreed"
                            x[2] += o == "differs"
            nt = sum(c[3].values())
            cells.append("%d / %d / %d / %d%s" % (c[0], c[1], c[2], nt, " (" + ", ".join(
                "%s %d" % kv for kv in sorted(c[3].items())) + ")" if nt else ""))
        doc += "| %s | %s |\n" % (sec or "**total**", " | ".join(cells))
    return doc + "\n"


SVM_REASONS = ("`tlb` vmrun.asid.zero (guest translations in the host's ASID), `mode` vmrun.long.pe "
               "(long mode with CR0.PE 0), `paging` a paging "
               "break without nested paging, `cpu` the break needs another CPU, `base` the break "
               "does not hold alone in the check VMCB, `skip` `entryskip=`")

BATTERY_REASONS = ("`host` host state, `exit-area` a VM-exit MSR area, `caps` the capability MSRs "
                   "cannot express the break, `cpu` the break needs another CPU, `base` the break "
                   "does not hold alone in the check VMCS, `event` an event type the CPU lacks, `skip` `entryskip=`")


if __name__ == "__main__":
    main()
