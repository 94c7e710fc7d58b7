"""The device tree for a QEMU machine that has none (raspi3b).

The firmware reads its bootargs from a DTB, and a Pi's boot firmware always
passes one; QEMU's raspi3b model does not.  The runner makes a minimal one
with the project's tools/mkdtb (as `make run PLAT=rpi3` does) and passes it
with -dtb; QEMU then writes -append into its /chosen/bootargs.
"""

import os
import subprocess

from . import configs

MKDTB = os.path.join(configs.ROOT, "tools", "mkdtb")


def ensure(config, build_dir):
    """The path of config's DTB under build_dir/runner/, made when missing or
    older than tools/mkdtb.  ValueError saying why when it cannot be made."""
    out = os.path.join(build_dir, "runner", config.name + ".dtb")
    if not os.path.isfile(MKDTB):
        raise ValueError("cannot make the %s device tree: %s not found (give one with --dtb)" % (config.name, MKDTB))
    if os.path.isfile(out) and os.path.getmtime(out) >= os.path.getmtime(MKDTB):
        return out
    os.makedirs(os.path.dirname(out), exist_ok=True)
    cmd = [MKDTB, out + ".tmp", "--model", "pairguard: QEMU " + config.machine, "--memory", config.dtb_memory]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise ValueError("cannot make the %s device tree with %s: %s" % (config.name, MKDTB, e))
    if p.returncode != 0:
        raise ValueError("cannot make the %s device tree: %s failed: %s"
                         % (config.name, " ".join(cmd), (p.stderr or p.stdout).strip()))
    os.replace(out + ".tmp", out)
    return out
