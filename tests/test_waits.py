"""Tests wait on conditions, never on fixed times (tests/wait.py `wait_for`, Playwright's
`wait_for_function` / `wait_for_selector`): a fixed sleep is either too short on a loaded
machine (a flaky test) or longer than needed (a slow suite). A sleep that stands for work
being done, not for waiting, says so with `# simulated work` on its line."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
FIXED = re.compile(r"\b(time\.sleep|asyncio\.sleep|wait_for_timeout)\(")
ALLOWED = {TESTS / "wait.py"}  # the one polling loop, between looks at a condition


def test_no_test_waits_a_fixed_time():
    found = [
        f"{path.relative_to(TESTS)}:{number}: {line.strip()}"
        for path in sorted(TESTS.rglob("*.py"))
        if path not in ALLOWED and path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if FIXED.search(line) and "# simulated work" not in line
    ]
    assert found == [], "wait on a condition instead:\n" + "\n".join(found)


def test_the_check_sees_a_fixed_wait():
    assert FIXED.search("    page.wait_for_timeout(300)")
    assert FIXED.search("        time.sleep(0.2)")
    assert not FIXED.search("    wait_for(lambda: done, 'the build')")
