"""The device tree for a QEMU machine that has none (raspi3b).

The firmware reads its bootargs from a DTB, and a Pi's boot firmware always
passes one; QEMU's raspi3b model does not.  The runner makes a minimal one
with the project's tools/mkdtb (as `make run PLAT=rpi3` does) and passes it
with -dtb; QEMU then writes -append into its /chosen/bootargs.
"""

import glob
import os
import shutil
import subprocess

from . import configs

MKDTB = os.path.join(configs.ROOT, "tools", "mkdtb")


KERNEL_DIR = os.path.join(configs.ROOT, "build", "deps", "linux-image")
FETCH = os.path.join(configs.ROOT, "tools", "fetch-deb-arm64")


def board(config):
    """The board's own DTB (config.board_dtb) from Debian's arm64 kernel
    package, fetched once into build/deps/linux-image/ (as tests/dtb/test-dtb
    does).  ValueError saying why when it cannot be had."""
    pattern = os.path.join(KERNEL_DIR, "root", "usr", "lib", "linux-image-*", config.board_dtb)
    found = sorted(glob.glob(pattern))
    if not found:
        try:
            p = subprocess.run([FETCH, "--follow", "linux-image-arm64", KERNEL_DIR, "*.dtb"],
                               capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise ValueError("cannot fetch Debian's arm64 kernel package for %s: %s" % (config.board_dtb, e))
        found = sorted(glob.glob(pattern))
        if not found:
            raise ValueError("%s not in Debian's arm64 kernel package (%s): %s"
                             % (config.board_dtb, KERNEL_DIR, (p.stderr or p.stdout).strip()[-300:]))
    return found[-1]


def ensure(config, build_dir):
    """The path of config's DTB under build_dir/runner/: a copy of the
    board's own, or one made when missing or older than tools/mkdtb.
    ValueError saying why when it cannot be had."""
    out = os.path.join(build_dir, "runner", config.name + ".dtb")
    if config.board_dtb:
        src = board(config)
        if not (os.path.isfile(out) and os.path.getmtime(out) >= os.path.getmtime(src)):
            os.makedirs(os.path.dirname(out), exist_ok=True)
            shutil.copyfile(src, out + ".tmp")
            os.replace(out + ".tmp", out)
        return out
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
