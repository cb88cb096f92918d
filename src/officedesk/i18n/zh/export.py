"""中文消息：导出（`officedesk export`、夜间任务的导出）。"""

MESSAGES: dict[str, str] = {
    "export.busy": "另一个导出正在写入 {path}，请等它完成后再试。",
    "export.done": "已导出 {rows} 条记录，共 {files} 个文件，位于 {out}。",
    "export.format": "导出格式 {value} 无效，可选：{choices}。",
    "export.ics.task": "督办到期：{code} {title}",
    "export.ics.visit": "接待：{org}（{purpose}）",
    "export.ics.visit_detail": "{code}；接待人：{host}；来访 {guests} 人",
    "export.progress": "正在导出 {table}",
    "export.register": "登记簿 {value} 不存在，可选：{choices}。",
    "export.secret_left_out": "{n} 条涉密记录（秘密、机密、绝密）未导出；加 --include-secret 可一并导出。",
    "help.export": "把各登记簿导出为 xlsx、csv、jsonl 和 ics 文件（涉密记录除外）。",
    "help.opt.export_force": "替换 --out 目录中同名的文件。",
    "help.opt.export_format": "导出格式，可选 xlsx、csv、jsonl、ics 中的任意几种，用逗号分隔。",
    "help.opt.export_out": "写入的目录；不存在时新建（权限 0700）。",
    "help.opt.export_register": "只导出这个登记簿（可重复，或用逗号分隔）；默认全部。",
    "help.opt.export_since": "只导出此日期当天及以后改动过的记录（限记有改动时间的表）；默认全部。",
    "help.opt.include_secret": "连同标为秘密、机密、绝密的记录一并导出。",
}
