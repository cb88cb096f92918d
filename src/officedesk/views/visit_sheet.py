"""The reception list (接待清单) of one visit in words: Markdown in the current language, printed
by `officedesk visit sheet` and shown in the workbench's visit pane. The service
(services/visit/sheet.py) says what the list holds; the wording lives here, so services stay
language-neutral."""

from officedesk.i18n import label, t
from officedesk.models.visit import VisitRead
from officedesk.services.visit.input import format_money
from officedesk.text import display_safe
from officedesk.views.written import written_moment


def _md(value: object) -> str:
    """A user value inside a Markdown table cell: one line, no control characters, | escaped."""
    return display_safe(value).replace("|", "\\|").strip()


def sheet_text(visit: VisitRead) -> str:
    """The reception list as Markdown, in the current language (plain text reads well too)."""
    none = t("visit.sheet.none")
    stay = written_moment(visit.arrives_at)
    if visit.departs_at:
        same_day = visit.departs_at.astimezone().date() == visit.arrives_at.astimezone().date()
        departs = f"{visit.departs_at.astimezone():%H:%M}" if same_day else None
        stay = t(
            "visit.sheet.stay", arrives=stay, departs=departs or written_moment(visit.departs_at)
        )
    host = " ".join(x for x in (visit.host_dept or "", visit.host or "") if x)
    letter = _md(visit.letter_ref) or (
        t("visit.sheet.letter_waived", reason=_md(visit.letter_waiver))
        if visit.letter_waiver
        else t("visit.sheet.no_letter")
    )
    lines = [
        f"# {t('visit.sheet.title', code=visit.code)}",
        "",
        f"- {t('field.guest_org')}{_colon()}{_md(visit.guest_org)}",
        f"- {t('field.letter_ref')}{_colon()}{letter}",
        f"- {t('field.purpose')}{_colon()}{_md(visit.purpose) or none}",
        f"- {t('visit.sheet.when')}{_colon()}{stay}",
        f"- {t('visit.sheet.host')}{_colon()}{_md(host) or none}",
        f"- {t('field.level')}{_colon()}{label('visit_level', visit.level)}",
        f"- {t('visit.sheet.people')}{_colon()}"
        + t(
            "visit.sheet.people_line",
            guests=visit.guest_count,
            hosts=visit.table_hosts,
            limit=visit.host_limit,
        ),
        "",
        f"## {t('visit.sheet.guests')}",
        "",
    ]
    guests = visit.guests or []
    if guests:
        lines += [
            f"| {t('visit.sheet.no')} | {t('visit.sheet.name')} | {t('field.post')} |",
            "| --- | --- | --- |",
        ]
        lines += [f"| {i} | {_md(g.name)} | {_md(g.post)} |" for i, g in enumerate(guests, 1)]
    else:
        lines.append(t("visit.sheet.no_guests"))
    lines += ["", f"## {t('visit.sheet.activities')}", ""]
    activities = visit.activities or []
    if activities:
        lines += [
            f"| {t('visit.sheet.time')} | {t('field.place')} | {t('field.activity')} "
            f"| {t('visit.sheet.cost_yuan')} |",
            "| --- | --- | --- | ---: |",
        ]
        lines += [
            f"| {written_moment(a.starts_at)} | {_md(a.place)} | {_md(a.activity)} "
            f"| {a.cost or ''} |"
            for a in activities
        ]
        total = format_money(sum(a.cost_fen or 0 for a in activities))
        lines.append(f"|  |  | {t('visit.sheet.total')} | {total} |")
    else:
        lines.append(t("visit.sheet.no_activities"))
    arrangements = [
        (t("field.meals"), visit.meals),
        (t("field.lodging"), visit.lodging),
        (t("field.car"), visit.car),
        (t("field.room"), visit.room),
    ]
    lines += ["", f"## {t('visit.sheet.arrangements')}", ""]
    lines += [f"- {name}{_colon()}{_md(value) or none}" for name, value in arrangements]
    lines += [
        "",
        f"- {t('visit.sheet.budget')}{_colon()}{visit.budget or none}",
        f"- {t('visit.sheet.cost')}{_colon()}{visit.cost or none}",
    ]
    return "\n".join(lines) + "\n"


def _colon() -> str:
    """The label-value separator: a full-width colon in Chinese, ": " in English."""
    return t("visit.sheet.sep")
