"""The marks as a document shows them (GB/T 9704 §7.2.2): 机密★10年, the grade and its period."""

from officedesk.i18n import label, t


def secrecy_text(secrecy: str, years: int) -> str:
    """The grade in the user's language, with its period when one is written."""
    grade = label("secrecy", secrecy)
    return t("marks.secrecy_period", grade=grade, years=years) if years else grade
