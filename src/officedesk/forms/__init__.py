"""Printable forms (`officedesk print FORM REF --out FILE.docx`): the paper the office runs beside
the software, laid out from the records. python-docx is imported here only, and only when a
form is printed."""
