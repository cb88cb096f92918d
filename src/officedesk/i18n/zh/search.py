"""Chinese messages: search."""

MESSAGES: dict[str, str] = {
    "entity.search_doc": "检索条目",
    "field.context": "所属",
    "field.heads": "标题拼音首字母",
    "field.ref_id": "记录 ID",
    "field.sounds": "标题拼音",
    "field.spaced": "索引文本",
    "field.subtitle": "说明",
    "field.tag": "标签",
    "found.none": "未找到与“{query}”相关的记录。",
    "help.arg.query": "要查找的内容：词语、编号（如 DB-2026-0042 或其开头）、名称，或名称、标题的拼音和拼音首字母（如 hetong、aq）。",
    "help.opt.rebuild_index": "先根据现有记录重建检索索引（批量导入后或修复索引时使用）。",
    "help.opt.search_kind": "只查这些类别（可重复指定）：{kinds}。",
    "help.search": "按文字、编号、文号、拼音或拼音首字母查找督办事项、收发文、印章、接待、表彰、部门和人员。",
    "index.rebuilt": "检索索引已重建，共 {n} 条记录。",
    "op.search.rebuild": "重建检索索引",
    "op.search.sounds": "推算标题拼音",
}
