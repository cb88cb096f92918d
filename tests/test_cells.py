"""Cutting table cells: wide characters are never split, and no blank appears before the "…"."""

import pytest
from rich.text import Text

from officedesk.cells import fit_cell

TITLE = "关于做好统计工作的通知"  # 11 characters, 22 cells


@pytest.mark.parametrize(
    ("width", "shown"),
    [
        (10, "关于做好…"),  # 9 cells: the cut falls inside 统, so 统 goes whole
        (11, "关于做好统…"),
        (12, "关于做好统…"),
        (13, "关于做好统计…"),
        (1, "…"),
    ],
)
def test_a_wide_title_is_cut_before_the_character_that_does_not_fit(width: int, shown: str) -> None:
    cut = fit_cell(Text(TITLE), width, pad=False)
    assert cut.plain == shown
    assert " " not in cut.plain
    padded = fit_cell(Text(TITLE), width)
    assert padded.cell_len == width and padded.plain.rstrip() == shown


def test_what_fits_is_left_alone() -> None:
    assert fit_cell(Text(TITLE), 22, pad=False).plain == TITLE
    assert fit_cell(Text("abc"), 5).plain == "abc  "
    assert fit_cell(Text("abcdef"), 4).plain == "abc…"


def test_styles_survive_the_cut() -> None:
    text = Text.assemble(("紧急", "bold red"), ("通知内容很长", "dim"))
    cut = fit_cell(text, 7, pad=False)
    assert cut.plain == "紧急通…"
    assert [(span.start, span.end, span.style) for span in cut.spans][:2] == [
        (0, 2, "bold red"),
        (2, 3, "dim"),
    ]


def test_cli_tables_cut_wide_titles_without_a_gap() -> None:
    from officedesk.views.render import fitted_table

    table = fitted_table(["code", "title"], [[Text("DB-1"), Text(TITLE)]], 1, 4 + 2 + 10)
    from rich.console import Console

    console = Console(width=16, record=True, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(table)
    row = console.export_text().splitlines()[-1]
    assert "…" in row and " …" not in row


def test_a_narrow_table_leaves_facts_out_before_the_title_becomes_unreadable() -> None:
    from rich.console import Console

    from officedesk.cells import MIN_TITLE
    from officedesk.views.render import fitted_table

    headers = ["code", "title", "dept", "owner", "due", "state", "priority"]
    row = [
        Text(v)
        for v in ("DB-2026-0001", TITLE * 2, "安全环保部", "张三", "2026-12-01", "办理中", "急办")
    ]

    def shown(width: int, keep: set[int] | None = None) -> tuple[list[str], str]:
        console = Console(width=width, record=True, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
        console.print(fitted_table(headers, [row], 1, width, keep=keep or set()))
        head, _rule, line = console.export_text().splitlines()[:3]
        return head.split(), line

    wide, _ = shown(160)
    assert wide == headers
    narrow, line = shown(60)
    assert narrow[:2] == ["code", "title"] and "priority" not in narrow
    assert line.index("…") >= len("DB-2026-0001  ") + MIN_TITLE // 2  # at least MIN_TITLE cells
    kept, _ = shown(60, keep={6})
    assert "priority" in kept and "state" not in kept
