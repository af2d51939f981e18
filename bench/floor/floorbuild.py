# floorbuild.py: compiles bench/floor/floor.c for the benchmarks that show it beside the
# tools they compare (bench/manager-scale, bench/wizard).
#
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))


def build_floor(tmpdir, log):
    """The path of floor.c compiled into @tmpdir; None (and a note to @log) when it cannot
    be built."""
    out = os.path.join(tmpdir, "floor")
    src = os.path.join(HERE, "floor.c")
    try:
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "gtk+-3.0", "libvirt"],
                               capture_output=True, text=True, check=True).stdout.split()
        subprocess.run(["cc", "-O2", "-o", out, src] + flags, check=True,
                       capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as e:
        log(f"could not build the floor program ({e}); its column stays empty")
        return None
    return out
