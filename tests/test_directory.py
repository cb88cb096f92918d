"""The directory: departments and people, and resolving what users type (name, pinyin, initials)."""

import os
import re
from typing import Any

import pytest
from sqlmodel import select

from officedesk.context import AppContext
from officedesk.errors import Conflict, InvalidInput, NotFound
from officedesk.journal import row_values
from officedesk.models import Department, Person, Task
from officedesk.models.directory_schemas import DepartmentRead, PersonRead
from officedesk.services.directory import (
    create_department,
    create_person,
    get_department,
    get_person,
    list_departments,
    list_people,
    resolve_department,
    resolve_person,
    update_department,
    update_person,
)
from officedesk.services.pinyin_keys import pinyin_keys
from officedesk.services.task import create_task

ON_POSTGRES = bool(os.environ.get("OFFICEDESK_TEST_PG_URL"))


# ---- helpers -------------------------------------------------------------------------------


def add_dept(ctx: AppContext, name: str, **fields: Any) -> DepartmentRead:
    with ctx.write("dept.add") as s:
        return create_department(s, {"name": name, **fields})


def add_person(ctx: AppContext, name: str, **fields: Any) -> PersonRead:
    with ctx.write("contact.add") as s:
        return create_person(s, {"name": name, **fields})


def seed(ctx: AppContext, depts: list[dict[str, Any]], people: list[dict[str, Any]]) -> None:
    """Many records in one transaction (one commit keeps the suite fast)."""
    with ctx.write("setup") as s:
        for dept in depts:
            create_department(s, dept)
        for person in people:
            create_person(s, person)


def snapshot(ctx: AppContext) -> dict[str, Any]:
    with ctx.read() as s:
        return {
            "depts": [row_values(d) for d in s.exec(select(Department).order_by(Department.id))],
            "people": [row_values(p) for p in s.exec(select(Person).order_by(Person.id))],
        }


def dept_row(ctx: AppContext, dept_id: int) -> dict[str, Any]:
    with ctx.read() as s:
        found = s.get(Department, dept_id)
        assert found is not None
        return row_values(found)


def person_row(ctx: AppContext, person_id: int) -> dict[str, Any]:
    with ctx.read() as s:
        found = s.get(Person, person_id)
        assert found is not None
        return row_values(found)


def find_person(ctx: AppContext, ref: str, dept_id: int | None = None) -> int:
    with ctx.read() as s:
        return resolve_person(s, ref, dept_id).id or 0


def find_dept(ctx: AppContext, ref: str) -> int:
    with ctx.read() as s:
        return resolve_department(s, ref).id or 0


def lists_candidate(candidates: list[str], name: str, person_id: int) -> bool:
    """The Conflict's candidates (a list, worded as one by the front end) name the record and
    its id (#id)."""
    return any(re.fullmatch(rf"{name}\W*#{person_id}", c) for c in candidates)


def names(page_items: list[Any]) -> list[str]:
    return [x.name for x in page_items]


# ---- departments ---------------------------------------------------------------------------


def test_create_department_stores_fields_and_pinyin_keys(ctx: AppContext) -> None:
    created = add_dept(ctx, "  办公室 ", code="bgs", note="总经理办公室")
    stored = dept_row(ctx, created.id)
    assert {k: stored[k] for k in ("name", "code", "kind", "parent_id", "note")} == {
        "name": "办公室",
        "code": "BGS",
        "kind": "internal",
        "parent_id": None,
        "note": "总经理办公室",
    }
    assert (stored["pinyin"], stored["initials"]) == ("bangongshi", "bgs")


@pytest.mark.parametrize("kind", ["internal", "superior", "external"])
def test_department_kinds(ctx: AppContext, kind: str) -> None:
    created = add_dept(ctx, "某单位", kind=kind)
    assert dept_row(ctx, created.id)["kind"] == kind


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "partner"},
        {"code": "B G S"},
        {"code": "-BGS"},
        {"code": "办公"},
        {"code": "X" * 21},
        {"name": ""},
        {"name": "   "},
        {"name": "办\n公室"},
        {"name": "部" * 101},
    ],
)
def test_bad_department_is_refused(ctx: AppContext, fields: dict[str, Any]) -> None:
    before = snapshot(ctx)
    with pytest.raises(InvalidInput), ctx.write("dept.add") as s:
        create_department(s, {"name": "办公室", **fields})
    assert snapshot(ctx) == before


def test_department_name_is_unique(ctx: AppContext) -> None:
    add_dept(ctx, "办公室")
    before = snapshot(ctx)
    with pytest.raises(Conflict) as exc:
        add_dept(ctx, " 办公室 ")
    assert exc.value.key == "dept.name_taken"
    assert snapshot(ctx) == before


def test_department_code_is_unique_whatever_the_case(ctx: AppContext) -> None:
    add_dept(ctx, "办公室", code="BGS")
    before = snapshot(ctx)
    with pytest.raises(Conflict) as exc:
        add_dept(ctx, "保管室", code="bgs")
    assert exc.value.key == "dept.code_taken"
    assert exc.value.params["name"] == "办公室"
    assert snapshot(ctx) == before


def test_departments_without_code_do_not_clash(ctx: AppContext) -> None:
    add_dept(ctx, "办公室")
    add_dept(ctx, "财务部", code="")
    with ctx.read() as s:
        assert [d.code for d in s.exec(select(Department))] == [None, None]


def test_department_with_parent(ctx: AppContext) -> None:
    parent = add_dept(ctx, "集团公司", kind="superior")
    child = add_dept(ctx, "办公室", parent="集团公司")
    with ctx.read() as s:
        shown = get_department(s, str(child.id))
    assert (shown.parent_id, shown.parent) == (parent.id, "集团公司")


def test_unknown_parent_is_refused(ctx: AppContext) -> None:
    before = snapshot(ctx)
    with pytest.raises(NotFound):
        add_dept(ctx, "办公室", parent="不存在")
    assert snapshot(ctx) == before


def test_edit_department_renames_and_rekeys(ctx: AppContext) -> None:
    created = add_dept(ctx, "办公室")
    with ctx.write("dept.edit") as s:
        update_department(s, "办公室", {"name": "综合办公室", "note": "合并后"})
    stored = dept_row(ctx, created.id)
    assert (stored["name"], stored["pinyin"], stored["initials"], stored["note"]) == (
        "综合办公室",
        "zonghebangongshi",
        "zhbgs",
        "合并后",
    )
    assert find_dept(ctx, "zhbgs") == created.id


def test_edit_department_code_and_kind(ctx: AppContext) -> None:
    created = add_dept(ctx, "办公室", code="BGS")
    with ctx.write("dept.edit") as s:
        update_department(s, "BGS", {"code": "zhb", "kind": "external"})
    stored = dept_row(ctx, created.id)
    assert (stored["code"], stored["kind"]) == ("ZHB", "external")


def test_edit_department_clears_code(ctx: AppContext) -> None:
    created = add_dept(ctx, "办公室", code="BGS")
    with ctx.write("dept.edit") as s:
        update_department(s, "办公室", {"code": ""})
    assert dept_row(ctx, created.id)["code"] is None


def test_edit_department_keeping_its_own_name_and_code(ctx: AppContext) -> None:
    created = add_dept(ctx, "办公室", code="BGS")
    with ctx.write("dept.edit") as s:
        update_department(s, "办公室", {"name": "办公室", "code": "BGS", "note": "x"})
    assert dept_row(ctx, created.id)["note"] == "x"


@pytest.mark.parametrize(
    ("fields", "error", "key"),
    [
        ({"name": "财务部"}, Conflict, "dept.name_taken"),
        ({"code": "cwb"}, Conflict, "dept.code_taken"),
        ({"kind": "partner"}, InvalidInput, "input.choice"),
        ({"name": "办\x00"}, InvalidInput, "input.control"),
        ({"parent": "不存在"}, NotFound, "dept.not_found"),
    ],
)
def test_bad_department_edit_is_refused(
    ctx: AppContext, fields: dict[str, Any], error: type[Exception], key: str
) -> None:
    seed(ctx, [{"name": "办公室", "code": "BGS"}, {"name": "财务部", "code": "CWB"}], [])
    before = snapshot(ctx)
    with pytest.raises(error) as exc, ctx.write("dept.edit") as s:
        update_department(s, "办公室", fields)
    assert getattr(exc.value, "key", None) == key
    assert snapshot(ctx) == before


def test_blank_name_in_department_edit_says_required(ctx: AppContext) -> None:
    add_dept(ctx, "办公室")
    before = snapshot(ctx)
    with pytest.raises(InvalidInput) as exc, ctx.write("dept.edit") as s:
        update_department(s, "办公室", {"name": "  "})
    assert snapshot(ctx) == before
    assert exc.value.key == "input.required"


def test_department_cannot_be_its_own_parent(ctx: AppContext) -> None:
    add_dept(ctx, "办公室")
    before = snapshot(ctx)
    with pytest.raises(InvalidInput) as exc, ctx.write("dept.edit") as s:
        update_department(s, "办公室", {"parent": "办公室"})
    assert exc.value.key == "dept.parent_cycle"
    assert snapshot(ctx) == before


def test_department_parent_cycle_is_refused(ctx: AppContext) -> None:
    seed(
        ctx,
        [
            {"name": "集团"},
            {"name": "分公司", "parent": "集团"},
            {"name": "办公室", "parent": "分公司"},
        ],
        [],
    )
    before = snapshot(ctx)
    with pytest.raises(InvalidInput) as exc, ctx.write("dept.edit") as s:
        update_department(s, "集团", {"parent": "办公室"})
    assert exc.value.key == "dept.parent_cycle"
    assert snapshot(ctx) == before


def test_department_parent_can_move_and_clear(ctx: AppContext) -> None:
    seed(ctx, [{"name": "集团"}, {"name": "分公司"}, {"name": "办公室", "parent": "集团"}], [])
    office = find_dept(ctx, "办公室")
    with ctx.write("dept.edit") as s:
        update_department(s, "办公室", {"parent": "分公司"})
    assert dept_row(ctx, office)["parent_id"] == find_dept(ctx, "分公司")
    with ctx.write("dept.edit") as s:
        update_department(s, "办公室", {"parent": ""})
    assert dept_row(ctx, office)["parent_id"] is None


def test_department_shows_its_head_count(ctx: AppContext) -> None:
    seed(ctx, [{"name": "办公室"}], [{"name": "张三", "dept": "办公室"}, {"name": "李四"}])
    with ctx.read() as s:
        assert get_department(s, "办公室").people == 1


# ---- people --------------------------------------------------------------------------------


def test_create_person_stores_fields_and_pinyin_keys(ctx: AppContext) -> None:
    dept = add_dept(ctx, "办公室")
    created = add_person(
        ctx, " 张三 ", dept="办公室", title="主任", phone="010-12345678", email="zs@example.com"
    )
    stored = person_row(ctx, created.id)
    assert {k: stored[k] for k in ("name", "dept_id", "title", "phone", "email")} == {
        "name": "张三",
        "dept_id": dept.id,
        "title": "主任",
        "phone": "010-12345678",
        "email": "zs@example.com",
    }
    assert (stored["pinyin"], stored["initials"]) == ("zhangsan", "zs")
    assert created.dept == "办公室"


@pytest.mark.parametrize(
    "phone", ["010-12345678", "+86 138 0013 8000", "(0571) 8888-1234", "010-1234 转 56", ""]
)
def test_good_phone_is_accepted(ctx: AppContext, phone: str) -> None:
    created = add_person(ctx, "张三", phone=phone)
    assert person_row(ctx, created.id)["phone"] == phone


@pytest.mark.parametrize("phone", ["abc", "12", "010-1234567a", "1" * 31, "010\n123"])
def test_bad_phone_is_refused(ctx: AppContext, phone: str) -> None:
    before = snapshot(ctx)
    with pytest.raises(InvalidInput) as exc:
        add_person(ctx, "张三", phone=phone)
    assert exc.value.key in ("input.phone", "input.too_long")
    assert snapshot(ctx) == before


@pytest.mark.parametrize("email", ["zs@example.com", "张三@公司.中国", ""])
def test_good_email_is_accepted(ctx: AppContext, email: str) -> None:
    created = add_person(ctx, "张三", email=email)
    assert person_row(ctx, created.id)["email"] == email


@pytest.mark.parametrize("email", ["zhangsan", "zs@", "zs@example", "z s@example.com", "a@b@c.d"])
def test_bad_email_is_refused(ctx: AppContext, email: str) -> None:
    before = snapshot(ctx)
    with pytest.raises(InvalidInput) as exc:
        add_person(ctx, "张三", email=email)
    assert exc.value.key == "input.email"
    assert snapshot(ctx) == before


@pytest.mark.parametrize(
    "fields", [{"name": ""}, {"name": "张\x00三"}, {"name": "名" * 51}, {"title": "主\t任"}]
)
def test_bad_person_is_refused(ctx: AppContext, fields: dict[str, Any]) -> None:
    before = snapshot(ctx)
    with pytest.raises(InvalidInput), ctx.write("contact.add") as s:
        create_person(s, {"name": "张三", **fields})
    assert snapshot(ctx) == before


def test_person_in_unknown_department_is_refused(ctx: AppContext) -> None:
    before = snapshot(ctx)
    with pytest.raises(NotFound) as exc:
        add_person(ctx, "张三", dept="不存在")
    assert exc.value.key == "dept.not_found"
    assert snapshot(ctx) == before


def test_edit_person(ctx: AppContext) -> None:
    seed(ctx, [{"name": "办公室"}, {"name": "财务部"}], [{"name": "张三", "dept": "办公室"}])
    person = find_person(ctx, "张三")
    with ctx.write("contact.edit") as s:
        update_person(s, "zs", {"name": "张珊", "dept": "财务部", "phone": "010-1234"})
    stored = person_row(ctx, person)
    assert (stored["name"], stored["dept_id"], stored["phone"], stored["initials"]) == (
        "张珊",
        find_dept(ctx, "财务部"),
        "010-1234",
        "zs",
    )
    assert stored["pinyin"] == "zhangshan"


def test_edit_person_can_leave_the_department(ctx: AppContext) -> None:
    seed(ctx, [{"name": "办公室"}], [{"name": "张三", "dept": "办公室"}])
    with ctx.write("contact.edit") as s:
        update_person(s, "张三", {"dept": ""})
    assert person_row(ctx, find_person(ctx, "张三"))["dept_id"] is None


@pytest.mark.parametrize(
    "fields", [{"phone": "abc"}, {"email": "nope"}, {"name": " "}, {"dept": "不存在"}]
)
def test_bad_person_edit_is_refused(ctx: AppContext, fields: dict[str, Any]) -> None:
    seed(ctx, [{"name": "办公室"}], [{"name": "张三", "dept": "办公室", "phone": "010-1234"}])
    before = snapshot(ctx)
    with pytest.raises((InvalidInput, NotFound)), ctx.write("contact.edit") as s:
        update_person(s, "张三", fields)
    assert snapshot(ctx) == before


# ---- resolving what users type -------------------------------------------------------------


@pytest.fixture
def people(ctx: AppContext) -> dict[str, int]:
    seed(
        ctx,
        [{"name": "办公室", "code": "BGS"}, {"name": "财务部", "code": "CWB"}, {"name": "人事部"}],
        [
            {"name": "张三", "dept": "办公室"},
            {"name": "张三丰", "dept": "财务部"},
            {"name": "李四", "dept": "财务部"},
            {"name": "王五"},
        ],
    )
    with ctx.read() as s:
        return {p.name: p.id or 0 for p in s.exec(select(Person))}


@pytest.mark.parametrize(
    ("ref", "name"),
    [
        ("张三", "张三"),  # exact name beats the prefix of 张三丰
        ("zhangsan", "张三"),  # full pinyin
        ("ZhangSan", "张三"),
        ("zhang san", "张三"),
        ("zs", "张三"),  # initials, exact beats zsf
        ("ZS", "张三"),
        ("zsf", "张三丰"),
        ("zhangsanf", "张三丰"),  # pinyin prefix
        ("李", "李四"),  # name prefix
        ("li", "李四"),
        ("wangw", "王五"),
        ("w", "王五"),
    ],
)
def test_person_resolution(ctx: AppContext, people: dict[str, int], ref: str, name: str) -> None:
    assert find_person(ctx, ref) == people[name]


def test_person_resolution_by_id(ctx: AppContext, people: dict[str, int]) -> None:
    wang = people["王五"]
    assert find_person(ctx, str(wang)) == wang
    assert find_person(ctx, f"#{wang}") == wang
    assert find_person(ctx, f" #{wang} ") == wang


@pytest.mark.parametrize("ref", ["赵六", "zhaoliu", "#999", "999", "q"])
def test_unknown_person_is_not_found(ctx: AppContext, people: dict[str, int], ref: str) -> None:
    with pytest.raises(NotFound) as exc:
        find_person(ctx, ref)
    assert exc.value.key == "person.not_found"


def test_blank_reference_is_invalid(ctx: AppContext, people: dict[str, int]) -> None:
    with pytest.raises(InvalidInput):
        find_person(ctx, "  ")
    with pytest.raises(InvalidInput):
        find_dept(ctx, "")


@pytest.mark.parametrize("ref", ["zhang", "张", "z"])
def test_ambiguous_prefix_lists_candidates(
    ctx: AppContext, people: dict[str, int], ref: str
) -> None:
    with pytest.raises(Conflict) as exc:
        find_person(ctx, ref)
    assert exc.value.key == "person.ambiguous"
    candidates = exc.value.params["candidates"]
    assert lists_candidate(candidates, "张三", people["张三"])
    assert lists_candidate(candidates, "张三丰", people["张三丰"])
    assert "李四" not in candidates


@pytest.mark.parametrize(
    ("ref", "dept"),
    [
        ("BGS", "办公室"),
        ("bgs", "办公室"),
        ("财务部", "财务部"),
        ("caiwubu", "财务部"),
        ("rsb", "人事部"),
        ("renshi", "人事部"),
        ("人事", "人事部"),
        ("r", "人事部"),
    ],
)
def test_department_resolution(
    ctx: AppContext, people: dict[str, int], ref: str, dept: str
) -> None:
    with ctx.read() as s:
        assert resolve_department(s, ref).name == dept


def test_department_resolution_by_id(ctx: AppContext, people: dict[str, int]) -> None:
    with ctx.read() as s:
        dept = resolve_department(s, "人事部")
        assert resolve_department(s, f"#{dept.id}").name == "人事部"
        assert resolve_department(s, str(dept.id)).name == "人事部"
        with pytest.raises(NotFound):
            resolve_department(s, "#999")


def test_department_code_wins_over_initials(ctx: AppContext) -> None:
    seed(ctx, [{"name": "办公室", "code": "X1"}, {"name": "保管室", "code": "BGS"}], [])
    assert find_dept(ctx, "bgs") == find_dept(ctx, "保管室")


def test_ambiguous_department(ctx: AppContext) -> None:
    seed(ctx, [{"name": "财务部"}, {"name": "财政局", "kind": "superior"}], [])
    with pytest.raises(Conflict) as exc:
        find_dept(ctx, "财")
    assert exc.value.key == "dept.ambiguous"
    assert "财务部" in exc.value.message()
    assert "财政局" in exc.value.message()


@pytest.fixture
def two_zhang_wei(ctx: AppContext) -> dict[str, int]:
    """Two people called 张伟, one in the office, one in finance."""
    seed(
        ctx,
        [{"name": "办公室"}, {"name": "财务部"}],
        [{"name": "张伟", "dept": "办公室"}, {"name": "张伟", "dept": "财务部"}],
    )
    with ctx.read() as s:
        return {
            dept.name: s.exec(select(Person).where(Person.dept_id == dept.id)).one().id or 0
            for dept in s.exec(select(Department))
        }


@pytest.mark.parametrize("ref", ["张伟", "zhangwei", "zw"])
def test_same_name_is_ambiguous(ctx: AppContext, two_zhang_wei: dict[str, int], ref: str) -> None:
    with pytest.raises(Conflict) as exc:
        find_person(ctx, ref)
    assert exc.value.key == "person.ambiguous"
    candidates = exc.value.params["candidates"]
    for person_id in two_zhang_wei.values():
        assert lists_candidate(candidates, "张伟", person_id)


def test_homophones_are_ambiguous(ctx: AppContext) -> None:
    seed(ctx, [], [{"name": "张伟"}, {"name": "章薇"}])
    with pytest.raises(Conflict):
        find_person(ctx, "zhangwei")
    assert find_person(ctx, "章薇") != find_person(ctx, "张伟")


@pytest.mark.parametrize("dept", ["办公室", "财务部"])
def test_lookup_within_a_department_picks_the_right_one(
    ctx: AppContext, two_zhang_wei: dict[str, int], dept: str
) -> None:
    dept_id = find_dept(ctx, dept)
    assert find_person(ctx, "张伟", dept_id) == two_zhang_wei[dept]
    assert find_person(ctx, "zw", dept_id) == two_zhang_wei[dept]


def test_task_owner_is_looked_up_in_the_task_department(
    ctx: AppContext, two_zhang_wei: dict[str, int]
) -> None:
    with ctx.write("task.add") as s:
        created = create_task(s, {"title": "核对账目", "dept": "财务部", "owner": "张伟"})
    with ctx.read() as s:
        task = s.get(Task, created.id)
        assert task is not None
        assert task.owner_id == two_zhang_wei["财务部"]


def test_ambiguous_task_owner_is_refused(ctx: AppContext, two_zhang_wei: dict[str, int]) -> None:
    with pytest.raises(Conflict), ctx.write("task.add") as s:
        create_task(s, {"title": "核对账目", "owner": "张伟"})
    with ctx.read() as s:
        assert list(s.exec(select(Task))) == []


def test_lookup_outside_the_department_falls_back_to_everyone(ctx: AppContext) -> None:
    seed(ctx, [{"name": "办公室"}, {"name": "财务部"}], [{"name": "李四", "dept": "财务部"}])
    assert find_person(ctx, "李四", find_dept(ctx, "办公室")) == find_person(ctx, "李四")


# ---- pinyin keys ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("曾国藩", "zengguofan", "zgf"),
        ("单田芳", "shantianfang", "stf"),
        ("解缙", "xiejin", "xj"),
        ("仇英", "qiuying", "qy"),
        ("张三", "zhangsan", "zs"),
        ("Anna Li", "annali", "al"),
    ],
)
def test_person_pinyin_keys_read_surnames_right(name: str, full: str, initials: str) -> None:
    assert pinyin_keys(name, person=True)[0] == full
    assert pinyin_keys(name, person=True)[1] == initials


def test_compound_surname_initials() -> None:
    assert pinyin_keys("万俟卨", person=True) == ("moqixie", "mqx")


def test_department_keys_use_phrases() -> None:
    assert pinyin_keys("重庆分公司") == ("chongqingfengongsi", "cqfgs")


def test_polyphone_surname_resolves_by_its_surname_reading(ctx: AppContext) -> None:
    person = add_person(ctx, "曾国藩")
    assert find_person(ctx, "zengguofan") == person.id
    assert find_person(ctx, "zgf") == person.id
    with pytest.raises(NotFound):
        find_person(ctx, "cengguofan")


# ---- lists ---------------------------------------------------------------------------------


def test_people_are_listed_by_pinyin(ctx: AppContext) -> None:
    seed(ctx, [], [{"name": n} for n in ("张三", "李四", "王五", "曾七", "阿里")])
    with ctx.read() as s:
        assert names(list_people(s).items) == ["阿里", "李四", "王五", "曾七", "张三"]


def test_people_filter_by_department(ctx: AppContext, people: dict[str, int]) -> None:
    with ctx.read() as s:
        assert names(list_people(s, dept="财务部").items) == ["李四", "张三丰"]
        assert names(list_people(s, dept="bgs").items) == ["张三"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("三", ["张三", "张三丰"]),  # anywhere in the name
        ("zhang", ["张三", "张三丰"]),  # pinyin prefix
        ("zs", ["张三", "张三丰"]),  # initials prefix
        ("lis", ["李四"]),
        ("王五", ["王五"]),
        ("赵", []),
    ],
)
def test_people_filter_by_text(
    ctx: AppContext, people: dict[str, int], text: str, expected: list[str]
) -> None:
    with ctx.read() as s:
        assert names(list_people(s, text=text).items) == expected


def test_people_paging(ctx: AppContext, people: dict[str, int]) -> None:
    with ctx.read() as s:
        first = list_people(s, limit=3)
        rest = list_people(s, limit=3, offset=3)
        everyone = list_people(s)
    assert (len(first.items), first.has_more) == (3, True)
    assert (len(rest.items), rest.has_more) == (1, False)
    assert names(first.items) + names(rest.items) == names(everyone.items)


def test_people_listed_with_department_names(ctx: AppContext, people: dict[str, int]) -> None:
    with ctx.read() as s:
        rows = {p.name: p.dept for p in list_people(s).items}
        shown = get_person(s, "lisi")
    assert rows == {"张三": "办公室", "张三丰": "财务部", "李四": "财务部", "王五": None}
    assert (shown.name, shown.dept) == ("李四", "财务部")


def test_departments_listed_by_kind_then_pinyin(ctx: AppContext) -> None:
    seed(
        ctx,
        [
            {"name": "人事部"},
            {"name": "财务部"},
            {"name": "办公室"},
            {"name": "集团公司", "kind": "superior"},
            {"name": "华为", "kind": "external"},
        ],
        [],
    )
    with ctx.read() as s:
        assert names(list_departments(s).items) == [
            "华为",
            "办公室",
            "财务部",
            "人事部",
            "集团公司",
        ]
        assert names(list_departments(s, kind="internal").items) == ["办公室", "财务部", "人事部"]
        assert names(list_departments(s, text="cw").items) == ["财务部"]
        assert names(list_departments(s, text="公").items) == ["办公室", "集团公司"]


def test_department_list_rejects_unknown_kind(ctx: AppContext) -> None:
    with pytest.raises(InvalidInput), ctx.read() as s:
        list_departments(s, kind="partner")


def test_people_text_filter_treats_like_wildcards_literally(
    ctx: AppContext, people: dict[str, int]
) -> None:
    with ctx.read() as s:
        assert names(list_people(s, text="%").items) == []
        assert names(list_people(s, text="_").items) == []


def test_wildcard_reference_does_not_resolve(ctx: AppContext) -> None:
    add_person(ctx, "王五")
    with pytest.raises(NotFound):
        find_person(ctx, "_")


def test_text_filter_ignores_case_on_every_backend(ctx: AppContext) -> None:
    seed(ctx, [{"name": "Huawei China", "kind": "external"}], [{"name": "Anna Li"}])
    with ctx.read() as s:
        assert names(list_people(s, text="li").items) == ["Anna Li"]
        assert names(list_departments(s, text="china").items) == ["Huawei China"]
