"""The limits of the fields and the values of the marks, stated once for the tables and for the
input models that fill them (models/base.py re-exports them for code that imports them there)."""

# Field limits.
CODE_MAX = 20  # a record's code (SW-2024-0001), a department's code
STATE_MAX = 20  # a state, a step's kind
NAME_MAX = 100  # a name, or who: an operator, an author, a leader; a department, a seal
TITLE_MAX = 200  # a title, a unit's name, a reference to a document
REMARK_MAX = 2_000  # a reason or a remark: a paragraph
NOTE_MAX = 20_000  # a note or a log entry (the column is TEXT; inputs stop here): a page

# Marks an official document carries (GB/T 9704-2012 §7.2), one set for incoming and outgoing.
URGENCIES = ("extra_urgent", "urgent", "normal")  # 特急, 加急, 平件
# A telegram (电报) carries a telegraph grade: 特提 above 特急 and 加急, 平急 below them (the
# incoming register's urgencies, migration 0013).
TELEGRAPH_URGENCIES = ("flash", "extra_urgent", "urgent", "plain_urgent")
INCOMING_URGENCIES = (*TELEGRAPH_URGENCIES, "normal")
# 公开, 内部, then the grades of 《保守国家秘密法》 from the lowest: 秘密 (confidential), 机密
# (secret), 绝密 (top secret) (migrations 0011 and 0013).
SECRECY_LEVELS = ("public", "internal", "confidential", "secret", "top_secret")
# The longest period (保密期限) each classified grade may be given, in years (§15 of that law).
SECRECY_MAX_YEARS = {"confidential": 10, "secret": 20, "top_secret": 30}
