"""The crawl process gives freed heap memory back to the system while it runs (glibc)."""

import subprocess
import sys
import textwrap

PROGRAM = textwrap.dedent(
    """
    import time
    from archiver.commands.crawl import fix_mmap_threshold, trimming_heap

    def resident_mb():
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * 4096 / 2**20

    fix_mmap_threshold()
    # Page-sized buffers (below the mmap threshold: from the heap) between small blocks that
    # live on, as a crawl's bodies lie between its longer-lived objects.
    buffers, survivors = [], []
    for _ in range(400):
        buffers.append(bytearray(64 * 1024))
        survivors.append(bytearray(2048))
    del buffers
    held = resident_mb()
    with trimming_heap(0.01) as trimming:
        deadline = time.monotonic() + 10
        while resident_mb() > held - 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        print(trimming, round(held - resident_mb()))
    """
)


def test_freed_heap_pages_go_back_to_the_system_while_the_crawl_runs():
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM], capture_output=True, text=True, check=True
    )
    trimming, released_mb = result.stdout.split()
    assert trimming == "True"
    assert int(released_mb) >= 20  # of the 25 MB of buffers freed
