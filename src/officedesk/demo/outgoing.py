"""The demo office's outgoing register: about a hundred documents over the last year.

Each document is planned first (type, title, department, recipients, the steps it has reached
with their days), then every step of every document is replayed in day order through the
services, as the office would have done it: so the numbers of each prefix follow the order of
registration, a voided number stays in the void log, and the log carries who and when.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlmodel import select

from officedesk.db import OfficeSession
from officedesk.models import Department, Person
from officedesk.services.moments import local_minute

DAY = timedelta(days=1)
SPAN_DAYS = 360

# Leaders sign; the directory of the demo has no leadership, so they are named here.
SIGNERS = {"chair": "陈国栋", "ceo": "刘振华", "vice": "赵文斌"}
REVIEWERS = ("王建国", "曾晓燕")  # 办公室 reviews every document before it is signed
REGISTRAR = "李娜"  # registers, prints and dispatches
ARCHIVIST = "周敏"  # files

# Per type: how many, titles ({year}, {next}, {last}, {n}, {m}), signer, copies.
TYPES: dict[str, tuple[int, tuple[str, ...], str, tuple[int, int]]] = {
    "notice": (
        25,
        (
            "关于做好{year}年元旦春节期间安全生产工作的通知",
            "关于开展{year}年安全生产月活动的通知",
            "关于{year}年劳动节放假安排的通知",
            "关于{year}年国庆节中秋节放假安排的通知",
            "关于开展消防安全隐患排查整治的通知",
            "关于印发《公文处理办法》的通知",
            "关于印发《印章使用管理规定》的通知",
            "关于做好{year}年防汛防台工作的通知",
            "关于开展{year}年度内部审计的通知",
            "关于报送{year}年度工作总结的通知",
            "关于开展节能宣传周活动的通知",
            "关于规范公务接待管理的通知",
            "关于召开{year}年年中工作会议的通知",
            "关于开展员工职业健康体检的通知",
            "关于加强办公用品管理的通知",
            "关于开展保密自查自评工作的通知",
            "关于调整公司安全生产委员会组成人员的通知",
            "关于做好冬季防寒防冻工作的通知",
            "关于开展合同管理专项检查的通知",
            "关于组织开展年度培训需求调查的通知",
        ),
        "ceo",
        (15, 40),
    ),
    "letter": (
        13,
        (
            "关于商洽{year}年度框架协议续签事宜的函",
            "关于商请协助开展应急演练的函",
            "关于排污许可证延续有关事项的函",
            "关于流动资金贷款续贷事宜的函",
            "关于续聘常年法律顾问的函",
            "关于核对{year}年度纳税申报有关数据的函",
            "关于邀请参加产品质量交流会的函",
        ),
        "vice",
        (2, 3),
    ),
    "report": (
        12,
        (
            "关于{year}年度安全生产工作情况的报告",
            "关于第三季度经济运行情况的报告",
            "关于巡察反馈问题整改情况的报告",
            "关于{year}年度党建工作责任制落实情况的报告",
            "关于国有资产统计快报编报情况的报告",
            "关于降本增效专项行动进展情况的报告",
            "关于安全生产标准化复评整改情况的报告",
        ),
        "ceo",
        (2, 5),
    ),
    "request": (
        10,
        (
            "关于申请技术改造专项资金的请示",
            "关于购置生产车间检测设备的请示",
            "关于调整{next}年度工资总额预算的请示",
            "关于召开{year}年度职工代表大会的请示",
            "关于申请增加安全生产专项投入的请示",
            "关于设立华东区域销售分公司的请示",
        ),
        "ceo",
        (2, 4),
    ),
    "minutes": (
        8,
        (
            "{year}年第{n}次总经理办公会议纪要",
            "安全生产委员会{year}年第{n}次会议纪要",
            "经营分析会纪要（{year}年{m}月）",
        ),
        "ceo",
        (15, 30),
    ),
    "decision": (
        5,
        (
            "关于表彰{last}年度先进集体和先进个人的决定",
            "关于调整部分部门职能的决定",
            "关于成立数字化转型领导小组的决定",
        ),
        "chair",
        (20, 40),
    ),
    "reply": (
        5,
        (
            "关于同意市场营销部参加行业展会的批复",
            "关于技术研发部申请购置研发设备的批复",
            "关于同意生产管理部设备大修方案的批复",
            "关于同意采购部年度供应商名录的批复",
        ),
        "vice",
        (2, 3),
    ),
    "bulletin": (
        5,
        (
            "关于{year}年第三季度安全生产检查情况的通报",
            "关于督办事项办理情况的通报",
            "关于一起设备安全事故的通报",
            "关于公文处理质量检查情况的通报",
        ),
        "ceo",
        (20, 40),
    ),
    "opinion": (
        3,
        (
            "关于加强督查督办工作的实施意见",
            "关于进一步规范合同管理的意见",
            "关于推进全面预算管理的指导意见",
        ),
        "ceo",
        (20, 30),
    ),
    "resolution": (
        2,
        ("关于{last}年度利润分配方案的决议", "关于通过《公司章程》修正案的决议"),
        "chair",
        (10, 20),
    ),
    "public_notice": (
        2,
        ("关于厂区道路施工期间车辆绕行的通告", "关于园区停电检修的通告"),
        "vice",
        (10, 30),
    ),
    "plan": (
        4,
        ("{year}年度安全生产工作计划", "{next}年度培训工作计划", "{year}年下半年重点工作计划"),
        "ceo",
        (10, 20),
    ),
    "summary": (
        4,
        ("{year}年上半年工作总结", "{last}年度办公室工作总结", "{year}年第三季度督办工作总结"),
        "ceo",
        (10, 20),
    ),
    "speech": (
        3,
        (
            "在{year}年年中工作会议上的讲话",
            "在安全生产月启动仪式上的讲话",
            "在{last}年度表彰大会上的讲话",
        ),
        "chair",
        (5, 10),
    ),
}
# The drafting department, from words in the title (first match wins; the office otherwise).
DEPT_WORDS = (
    (("安全", "消防", "防汛", "排污", "应急", "防寒"), "AQHBB"),
    (("党建", "巡察", "表彰", "职工代表"), "DQGZB"),
    (("工资", "培训", "体检"), "RLZYB"),
    (("预算", "资金", "贷款", "纳税", "国有资产", "经济运行", "降本", "审计"), "CWB"),
    (("合同", "法律"), "FWHGB"),
    (("采购", "供应商"), "CGB"),
    (("研发", "数字化", "技术改造"), "JSYFB"),
    (("设备", "生产车间", "大修"), "SCGLB"),
    (("销售", "展会", "框架协议", "产品质量"), "SCYXB"),
)
LETTER_TO = {
    "框架协议": "华远集团有限公司",
    "应急演练": "市应急管理局",
    "排污": "市生态环境局",
    "贷款": "中国工商银行城东支行",
    "法律顾问": "正衡律师事务所",
    "纳税": "市税务局",
    "产品质量": "市市场监督管理局",
}
BODIES = {
    "notice": "为切实做好相关工作，现将有关事项通知如下。请各部门高度重视，认真抓好落实。",
    "report": "现将有关情况报告如下。下一步，我公司将持续抓好落实，确保各项工作取得实效。",
    "request": "为保障工作顺利开展，拟申请办理有关事项，所需资金已纳入年度预算。妥否，请批示。",
    "letter": "为进一步加强沟通协作，现就有关事项函商如下，请予支持为盼。",
    "reply": "你部来文收悉。经研究，同意所报方案，请严格按规定程序组织实施。",
}
RETURN_NOTES = (
    "复核发现附件数据与正文不一致，已修改，请重新签发。",
    "复核发现主送单位表述有误，已更正，请重新签发。",
    "复核时按集团最新要求调整了第二部分内容，请重新签发。",
)
VOIDS = (
    "登记簿誊写时与上一号重复，该号作废，重新编号。",
    "印制前发现该号已被另一份文件占用，作废后重新编号。",
)


@dataclass
class _Doc:
    order: int
    doc_type: str
    title: str
    dept: str
    drafter: str
    drafter_ref: str
    signer: str
    reviewer: str
    main_to: list[str]
    copy_to: list[str]
    body: str
    secrecy: str
    urgency: str
    copies: int
    events: list[tuple[date, str, Any]] = field(default_factory=list)


def fill_demo(session: OfficeSession, rng: random.Random) -> dict[str, int]:
    """About a hundred outgoing documents in every state and type; counts by name."""
    return _OutgoingDemo(session, rng).build()


class _OutgoingDemo:
    def __init__(self, session: OfficeSession, rng: random.Random) -> None:
        self.session = session
        self.rng = rng
        self.env = session.env
        self.today = session.env.today
        departments = session.exec(select(Department)).all()
        self.depts = {d.code or d.name: d for d in departments}
        people = session.exec(select(Person).order_by(Person.id)).all()  # type: ignore[arg-type]
        self.people: dict[int | None, list[Person]] = {}
        for person in people:
            self.people.setdefault(person.dept_id, []).append(person)
        # The services are given ids ("#12") where the directory holds the name: the same
        # record as the name would find, without a lookup query per name. The leaders who
        # sign are not in the directory and stay names.
        self.dept_refs = {d.name: f"#{d.id}" for d in departments}
        self.person_refs = {p.name: f"#{p.id}" for p in people}
        self.office_head = next(p for p in people if p.name == REVIEWERS[0])
        self.ids: dict[int, int] = {}
        self.voided = 0

    # -- calendar

    def _workday(self, day: date, step: int = 1) -> date:
        while not self.env.calendar.is_workday(day):
            day += DAY * step
        return day

    def _after(self, day: date, low: int, high: int) -> date:
        return self._workday(day + DAY * self.rng.randint(low, high))

    # -- planning

    def _dept_code(self, title: str) -> str:
        for words, code in DEPT_WORDS:
            if any(word in title for word in words) and code in self.depts:
                return code
        return "BGS"

    def _title(self, pattern: str, day: date) -> str:
        """{last}: the year whose summary or awards are due (this one from October on);
        {next}: the year a plan or budget is for (next year from July on)."""
        return pattern.format(
            year=day.year,
            next=day.year + 1 if day.month >= 7 else day.year,
            last=day.year if day.month >= 10 else day.year - 1,
            n=self.rng.randint(2, 12),
            m=day.month,
        )

    def _recipients(self, doc_type: str, title: str, dept: str) -> tuple[list[str], list[str]]:
        rng = self.rng
        superior = self.depts.get("JT")
        regulator = self.depts.get("SGZW")
        if doc_type in ("report", "request"):
            main = [superior.name if superior and rng.random() < 0.8 else "市国资委"]
            copy = (
                [regulator.name]
                if regulator and main[0] != regulator.name and rng.random() < 0.3
                else []
            )
            return main, copy
        if doc_type == "letter":
            to = next((org for word, org in LETTER_TO.items() if word in title), "华远集团有限公司")
            return [to], []
        if doc_type == "reply":
            return [self.depts[dept].name if dept in self.depts else "各部门"], []
        if doc_type in ("plan", "summary", "speech"):
            return [], []
        copy = [superior.name] if superior and doc_type == "decision" else []
        return ["各部门"], copy

    def _plan(self) -> list[_Doc]:
        rng = self.rng
        kinds = [kind for kind, (count, *_rest) in TYPES.items() for _ in range(count)]
        rng.shuffle(kinds)
        start = self.today - DAY * SPAN_DAYS
        days = sorted(self._workday(start + DAY * rng.randint(0, SPAN_DAYS - 1), -1) for _ in kinds)
        days = [max(min(day, self.today), start) for day in days]
        docs = []
        cycle: dict[str, list[str]] = {}
        for order, (kind, day) in enumerate(zip(kinds, days, strict=True)):
            _count, titles, signer, (low, high) = TYPES[kind]
            pool = cycle.setdefault(kind, [])
            if not pool:
                pool.extend(rng.sample(titles, len(titles)))
            title = self._title(pool.pop(), day)
            dept = self._dept_code(title)
            members = self.people.get(self.depts[dept].id if dept in self.depts else None)
            main, copy = self._recipients(kind, title, dept)
            secrecy = "public"
            roll = rng.random()
            if kind in ("request", "report", "minutes", "decision") and roll < 0.18:
                secrecy = "confidential" if roll < 0.06 else "secret"
            elif roll < 0.25:
                secrecy = "internal"
            drafter = rng.choice(members or [self.office_head])
            docs.append(
                _Doc(
                    order=order,
                    doc_type=kind,
                    title=title,
                    dept=dept,
                    drafter=drafter.name,
                    drafter_ref=f"#{drafter.id}",
                    signer=SIGNERS[signer],
                    reviewer=rng.choice(REVIEWERS),
                    main_to=main,
                    copy_to=copy,
                    body=BODIES.get(kind, ""),
                    secrecy=secrecy,
                    urgency="urgent" if rng.random() < 0.12 else "normal",
                    copies=rng.randint(low, high),
                )
            )
            self._steps(docs[-1], day)
        self._still_on_the_way(docs)
        self._drafting_slips(docs)
        return docs

    def _steps(self, doc: _Doc, drafted: date) -> None:
        """The days of each step, stopping at the first one that would come after today. The
        newest documents are therefore still on their way, the old ones filed."""
        plan = [(drafted, "create", None)]
        day = drafted
        for action, low, high in (
            ("review", 0, 2),
            ("sign", 0, 3),
            ("check", 0, 1),
            ("register", 0, 1),
            ("print", 0, 1),
            ("dispatch", 0, 1),
            ("file", 10, 60),
        ):
            day = self._after(day, low, high)
            if day > self.today:
                break
            plan.append((day, action, None))
        doc.events = plan

    def _still_on_the_way(self, docs: list[_Doc]) -> None:
        """The newest documents stop at each step of the way, so the register shows every
        state: a draft waiting for review, one waiting for its signature, one to be printed…"""
        last_steps = ("dispatch", "print", "register", "check", "sign", "review", "create")
        newest = sorted(docs, key=lambda d: (d.events[0][0], d.order))[-2 * len(last_steps) :]
        for index, doc in enumerate(newest):
            actions = [action for _day, action, _value in doc.events]
            stop = last_steps[index // 2]
            if stop in actions:  # a document too new to have got that far keeps its own state
                del doc.events[actions.index(stop) + 1 :]

    def _drafting_slips(self, docs: list[_Doc]) -> None:
        """What a real register holds: documents sent back to the signer at 复核, two voided
        numbers, and a few drafts the drafting checks warn about."""
        rng = self.rng
        advanced = [d for d in docs if any(a == "register" for _, a, _ in d.events)]
        for doc, note in zip(rng.sample(advanced, 3), RETURN_NOTES, strict=True):
            self._insert_after(doc, "sign", [("return", note), ("sign", None)])
        old = [d for d in advanced if d.events[-1][1] in ("dispatch", "file")]
        for doc, reason in zip(rng.sample(old, 2), VOIDS, strict=True):
            self._insert_after(doc, "register", [("void", reason), ("register", None)])
            self.voided += 1
        requests = [d for d in docs if d.doc_type == "request"]
        if requests:
            doc = requests[0]
            doc.title = "关于购置公务车辆和增加办公用房的请示"
            superior = self.depts.get("JT")
            regulator = self.depts.get("SGZW")
            if superior and regulator:
                doc.main_to = [superior.name, regulator.name]
        reports = [d for d in docs if d.doc_type == "report"]
        if reports:
            reports[
                0
            ].body = "今年以来，投资计划总体执行顺利。为保障项目进度，拟追加投资800万元，请批准。"

    @staticmethod
    def _insert_after(doc: _Doc, action: str, extra: list[tuple[str, Any]]) -> None:
        """Insert steps on the day of `action` (after it); later steps keep their days."""
        index = next(i for i, (_d, a, _v) in enumerate(doc.events) if a == action)
        day = doc.events[index][0]
        doc.events[index + 1 : index + 1] = [(day, name, value) for name, value in extra]

    # -- replaying

    def _clock(self, day: date, slot: int, operator: str) -> None:
        minute = 8 * 60 + 40 + slot * 17
        self.env.today = day
        self.env.fixed_now = local_minute(day, minute)
        self.env.operator = operator

    def _draft(self, doc: _Doc) -> dict[str, Any]:
        return {
            "doc_type": doc.doc_type,
            "title": doc.title,
            "body": doc.body,
            "dept": f"#{self.depts[doc.dept].id}" if doc.dept in self.depts else doc.dept,
            "drafter": doc.drafter_ref,
            "reviewer": self.person_refs.get(doc.reviewer, doc.reviewer),
            "signer": doc.signer,
            "main_to": [self.dept_refs.get(name, name) for name in doc.main_to],
            "copy_to": [self.dept_refs.get(name, name) for name in doc.copy_to],
            "secrecy": doc.secrecy,
            "urgency": doc.urgency,
            "copies": doc.copies,
        }

    def build(self) -> dict[str, int]:
        from officedesk.services.outgoing import actions as svc

        docs = self._plan()
        events = sorted(
            (
                (day, doc.order, step, doc, action, value)
                for doc in docs
                for step, (day, action, value) in enumerate(doc.events)
            ),
            key=lambda e: (e[0], e[1], e[2]),
        )
        saved = (self.env.today, self.env.fixed_now, self.env.operator)
        session = self.session
        slots: dict[date, int] = {}
        try:
            for day, _order, _step, doc, action, value in events:
                slot = slots[day] = slots.get(day, -1) + 1
                operator = {
                    "create": doc.drafter,
                    "review": doc.reviewer,
                    "file": ARCHIVIST,
                }.get(action, REGISTRAR)
                self._clock(day, slot, operator)
                ref = self.ids.get(doc.order, 0)
                if action == "create":
                    created = svc.create_outgoing(session, self._draft(doc))
                    self.ids[doc.order] = created.id
                elif action == "review":
                    svc.review_outgoing(session, ref)
                elif action == "sign":
                    svc.sign_outgoing(session, ref)
                elif action == "check":
                    svc.check_outgoing(session, ref)
                elif action == "return":
                    svc.check_outgoing(session, ref, changed=True, note=value)
                elif action == "register":
                    svc.register_outgoing(session, ref)
                elif action == "void":
                    svc.void_outgoing(session, ref, value)
                elif action == "print":
                    svc.print_outgoing(session, ref)
                elif action == "dispatch":
                    svc.dispatch_outgoing(session, ref)
                elif action == "file":
                    svc.file_outgoing(session, ref)
                else:  # pragma: no cover - a typo in the plan above
                    raise AssertionError(action)
        finally:
            self.env.today, self.env.fixed_now, self.env.operator = saved
        registered = sum(1 for doc in docs if any(a == "register" for _d, a, _v in doc.events))
        return {
            "outgoing": len(docs),
            "outgoing_numbered": registered,
            "outgoing_voided": self.voided,
        }
