"""The README as a new user reads it: the install line, the first example, `make demo`, the links."""

import re
import subprocess

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_has_an_install_line_for_a_clone():
    assert "pip install '.[all]'" in README


def test_the_first_python_example_runs_and_its_claim_has_a_footnote():
    (block,) = re.findall(r"```python\n(.*?)```", README, re.S)[:1]
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)  # the example as printed
    claim = namespace["claim"]
    assert claim.sources, "the README's first claim should show a footnote"
    shown = (claim.holder.name, claim.quote, [s.citation for s in claim.sources])
    assert repr(shown[0]) in block and repr(shown[1]) in block and repr(shown[2][0]) in block


def test_make_demo_installs_only_the_package():
    plan = subprocess.run(["make", "-n", "-B", "demo"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "pip install --quiet -e .\n" in plan
    assert "[test]" not in plan and "[all]" not in plan


def test_readme_names_installed_files_by_command_and_sends_spreadsheet_users_to_xlsx():
    assert "nrcdata codebook" in README and "nrcdata cite --format cff" in README
    assert [t for t in re.findall(r"\]\(([^)\s]+)", README) if not t.startswith("https://")] == []
    excel = README.split("## Excel and LibreOffice users", 1)[1].split("\n## ", 1)[0]
    assert excel.lstrip().startswith("Use the xlsx export")
    assert "make test` takes about" in README and "R (readr" in README
