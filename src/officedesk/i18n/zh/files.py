"""Chinese messages: files the commands write (--out)."""

MESSAGES: dict[str, str] = {
    "file.cannot_write": "无法写入 {path}：{reason}",
    "file.exists": "{path} 已存在：如要替换，请加 --force。",
    "file.is_database": "{path} 是正在使用的数据库或其附属文件：即使加 --force 也不会覆盖。",
    "file.is_directory": "{path} 是目录：请指定要写入的文件名。",
    "file.no_directory": "目录 {path} 不存在，请先创建。",
    "file.not_directory": "{path} 不是目录。",
    "file.not_regular": "{path} 不是普通文件（管道、套接字或设备）：只写入普通文件。",
    "file.not_writable": "无权在目录 {path} 中写入文件。",
    "help.opt.force_out": "--out 指定的文件已存在时替换它（数据库、目录和设备除外）。",
}
