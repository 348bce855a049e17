"""The strict build is the first gate: MkDocs' own link, anchor and nav checks."""


def test_strict_build_passes(build):
    proc, _ = build
    problems = [
        line
        for line in proc.stderr.splitlines()
        if line.startswith(("WARNING", "ERROR")) or "Error" in line
    ]
    assert proc.returncode == 0, (
        "mkdocs build --strict failed:\n" + "\n".join(problems or proc.stderr.splitlines()[-20:])
    )
    assert not problems, "the build printed warnings:\n" + "\n".join(problems)
