"""The demo office's incoming register: a year of documents, calls and letters from the
directory's superior and outside bodies, in every kind and every state, replayed through the
services at their own past moments (circulation, instructions, linked supervision items)."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import select

from officedesk.db import OfficeSession
from officedesk.models import Department, Person
from officedesk.services.moments import local_day, local_minute, local_moment

DAY = timedelta(days=1)
DOCUMENTS = 220  # over the last year, nearly one a working day
DIRECTOR = "王建国"  # proposes (拟办) and hands documents over
REGISTRARS = ("李娜", "曾晓燕")  # sign for, register, review, record instructions and reads
ARCHIVIST = "周敏"
LEADERS = ("董事长赵志远", "总经理陈光明", "副总经理李振华", "副总经理孙卫东")

# sender (a directory department's name, or free text) → (number prefix, lead department code,
# titles). A title starting with "阅:" is for reading (阅知); the others are to handle.
SENDERS: dict[str, tuple[str | None, str, tuple[str, ...]]] = {
    "集团公司": (
        "华信控股发",
        "BGS",
        (
            "关于印发《{year}年度经营业绩考核办法》的通知",
            "阅:关于调整集团公司领导班子成员分工的通知",
            "关于召开{year}年度工作会议的通知",
            "关于开展全面风险管理评估工作的通知",
            "阅:关于表彰{last}年度先进集体和先进个人的决定",
        ),
    ),
    "集团公司办公室": (
        "集团办发",
        "BGS",
        (
            "关于报送{year}年工作总结和{next}年工作计划的通知",
            "关于做好元旦春节期间有关工作的通知",
            "关于开展公文处理专项检查的通知",
            "关于报送督办事项落实情况的函",
            "阅:关于进一步加强信息报送工作的通知",
            "关于开展保密自查自评工作的通知",
        ),
    ),
    "集团公司安全环保部": (
        "集团安环",
        "AQHBB",
        (
            "关于开展安全生产大检查的通知",
            "关于做好冬季安全生产和消防工作的通知",
            "关于报送季度安全生产风险分级管控情况的通知",
            "关于开展生态环境隐患排查的通知",
            "阅:关于一起较大生产安全事故的警示通报",
        ),
    ),
    "市国资委": (
        "市国资发",
        "BGS",
        (
            "关于深入实施国有企业改革深化提升行动的通知",
            "关于报送{next}年度投资计划的通知",
            "关于做好企业负责人薪酬审核工作的通知",
            "关于开展国有资产统计报表编报工作的通知",
            "阅:关于加强国有企业合规管理的指导意见",
        ),
    ),
    "市应急管理局": (
        "市应急发",
        "AQHBB",
        (
            "关于开展冬季安全生产检查的通知",
            "关于开展应急预案备案的通知",
            "安全生产执法检查问题整改通知书",
            "关于危险化学品储存情况的询问函",
        ),
    ),
    "市生态环境局": (
        "市环函",
        "AQHBB",
        (
            "关于重点排污单位开展自行监测的通知",
            "关于落实重污染天气应急减排措施的通知",
            "关于厂区废气排放投诉的核查函",
        ),
    ),
    "市税务局": (
        "市税函",
        "CWB",
        ("关于研发费用加计扣除政策辅导的通知", "关于增值税发票核查的函"),
    ),
    "市人力资源和社会保障局": (
        "市人社发",
        "RLZYB",
        (
            "关于做好根治欠薪冬季专项行动的通知",
            "关于核定{year}年度社会保险缴费基数的通知",
            "关于职业技能等级认定备案的函",
        ),
    ),
    "市市场监督管理局": (
        "市市监函",
        "SCGLB",
        (
            "关于产品质量监督抽查的通知",
            "关于开展特种设备安全隐患排查的通知",
            "关于广告合规的问询函",
        ),
    ),
    "中国工商银行城东支行": (
        None,
        "CWB",
        ("关于补充授信资料的函", "关于账户信息核实的函", "关于流动资金贷款续期的通知"),
    ),
    "华远集团有限公司": (
        "华远函",
        "SCYXB",
        ("关于产品交付延误的投诉函", "关于年度框架协议续签的来函", "关于质量异议索赔的函"),
    ),
    "正衡律师事务所": (
        "正衡律函",
        "FWHGB",
        ("关于合同纠纷的律师函", "阅:关于法律顾问服务续约的函"),
    ),
    "市消防救援支队": (
        "市消防函",
        "AQHBB",
        ("关于消防安全重点单位检查的通知",),
    ),
    "市统计局": (
        "市统计函",
        "CWB",
        ("关于做好{year}年统计联网直报工作的通知",),
    ),
}
# Calls: (unit, caller, phone, subject, what was said, lead department code).
CALLS: tuple[tuple[str, str, str, str, str, str], ...] = (
    (
        "市应急管理局",
        "沈浩",
        "0571-87012345",
        "询问隐患整改进度",
        "请于本周五前报送整改台账。",
        "AQHBB",
    ),
    (
        "集团公司办公室",
        "钱进",
        "0571-86543210",
        "通知明天上午召开视频会议",
        "请主要负责人参加，九点前调试好会议设备。",
        "BGS",
    ),
    (
        "市国资委",
        "任杰",
        "0571-85098765",
        "催报国资统计快报",
        "本月统计快报尚未报送，请今天下班前报送。",
        "CWB",
    ),
    (
        "中国工商银行城东支行",
        "方婷",
        "0571-86011223",
        "确认贷款续期材料",
        "续期材料还缺上年度审计报告，请尽快补充。",
        "CWB",
    ),
    (
        "华远集团有限公司",
        "周立",
        "13906512345",
        "反映第三批货物交付延误",
        "要求说明延误原因并给出交付时间。",
        "SCYXB",
    ),
    (
        "市生态环境局",
        "吴敏",
        "0571-87265432",
        "通知下周现场核查",
        "将对厂区废气排放情况进行现场核查，请做好准备。",
        "AQHBB",
    ),
    (
        "集团公司安全环保部",
        "马骏",
        "0571-86541122",
        "了解节日期间值班安排",
        "请报送节日期间领导带班和值班人员名单。",
        "AQHBB",
    ),
    (
        "市人力资源和社会保障局",
        "黄晓",
        "0571-87054321",
        "咨询职工退休审批进度",
        "提醒按时提交退休审批材料。",
        "RLZYB",
    ),
)
PROPOSALS = (
    "拟请{lead}阅处。",
    "拟请{lead}牵头办理，{assist}配合，呈{leader}阅示。",
    "拟呈{leader}阅示后交{lead}办理。",
    "拟请{lead}按来文要求办理，办理情况报办公室。",
    "拟传{leader}阅，请{lead}阅知。",
)
INSTRUCTIONS = (
    "同意拟办意见。",
    "请{lead}抓紧落实，按时报结果。",
    "阅。请{lead}认真研究，提出意见后报我。",
    "同意。请{lead}牵头，{assist}配合，务必按期完成。",
    "请办公室跟踪督办，办理情况及时报告。",
    "已阅。请相关部门认真学习，抓好落实。",
)
ANSWERS = (
    "已按要求书面报送办理情况。",
    "已电话答复来文单位，对方无异议。",
    "已函复来文单位，附整改台账。",
)
RESULTS = ("已按要求办结。", "已传阅完毕，无需办理。", "相关部门已落实。", "")
FRESH = ("registered", "reviewed", "proposed")  # the states of what came in yesterday
READ_NOTE, HANDLE_NOTE = "请相关人员阅知", "要求按期办理并反馈"
MALFORMED = ("[{y}]{n}号", "（{y}）{n}号", "〔{y}〕0{n}号", "〔{y}〕第{n}号", "〔{yy}〕{n}号")


@dataclass
class _Event:
    moment: datetime
    action: str
    author: str
    value: Any = None


@dataclass
class _Doc:
    order: int
    data: dict[str, Any]
    lead: str
    assist: list[str]
    events: list[_Event] = field(default_factory=list)
    doc_id: int = 0


class _Planner:
    def __init__(self, session: OfficeSession, rng: random.Random) -> None:
        self.session = session
        self.rng = rng
        self.env = session.env
        self.calendar = session.env.calendar
        self.today = session.env.today
        self.last = self._back(self.today - DAY)
        depts = session.exec(select(Department)).all()
        self.dept_by_code = {d.code: d for d in depts if d.code}
        self.internal = [d.name for d in depts if d.kind == "internal"]
        # The services are given ids ("#12"): a name lookup costs queries, an id none.
        self.refs = {d.name: f"#{d.id}" for d in depts}
        self.names = {d.name for d in depts}
        people = session.exec(select(Person)).all()
        internal_ids = {d.id for d in depts if d.kind == "internal"}
        self.readers = sorted(p.name for p in people if p.dept_id in internal_ids)
        self.readers = [name for name in dict.fromkeys(self.readers) if name != "张伟"]
        self.refs.update({p.name: f"#{p.id}" for p in people if p.name in self.readers})

    # -- calendar helpers (no random draws)

    def _back(self, day: date) -> date:
        while not self.calendar.is_workday(day):
            day -= DAY
        return day

    def _fwd(self, day: date) -> date:
        while not self.calendar.is_workday(day):
            day += DAY
        return day

    def _later(self, day: date, low: int, high: int) -> date:
        """A working day `low`–`high` working days after day, never after the last one."""
        n = self.rng.randint(low, high)
        target = self.calendar.add_workdays(day, n) if n else day
        return min(target, self.last) if day <= self.last else day

    def _at(self, day: date, after: datetime | None = None) -> datetime:
        minute = self.rng.randint(8 * 60 + 40, 17 * 60 + 20)
        moment = local_minute(day, minute)
        if after is not None and moment <= after:
            # Later the same day, but inside office hours: a step is never logged after 18:00.
            # Late in the day a step takes half the time left, so any number of them still fit.
            closing = local_moment(day, time(17, 58))
            step = timedelta(minutes=self.rng.randint(5, 40))
            left = max(closing - after, timedelta(0))
            if step >= left:
                step = timedelta(minutes=left // timedelta(minutes=2))
            moment = after + step
        return moment

    # -- planning

    def plan(self, documents: int) -> list[_Doc]:
        rng = self.rng
        docs = []
        span = 365
        for order in range(documents):
            age = 1 + int((span - 1) * rng.random() ** 1.4)  # more recent ones than old ones
            if order < len(FRESH):  # a few from yesterday, so every waiting state is seen
                age = 1
            received = self._back(self.today - timedelta(days=age))
            docs.append(self._plan_one(order, received))
        return docs

    def _title(self, template: str, day: date) -> str:
        return template.format(year=day.year, next=day.year + 1, last=day.year - 1)

    def _number(self, prefix: str | None, day: date) -> str:
        if prefix is None:
            return ""
        rng = self.rng
        n = day.timetuple().tm_yday // 3 + rng.randint(1, 3)
        if rng.random() < 0.06:
            pattern = rng.choice(MALFORMED)
            return prefix + pattern.format(y=day.year, yy=day.year % 100, n=n)
        return f"{prefix}〔{day.year}〕{n}号"

    def _plan_one(self, order: int, received: date) -> _Doc:
        rng = self.rng
        roll = rng.random()
        if roll < 0.14:
            unit, caller, phone, subject, said, lead = rng.choice(CALLS)
            data: dict[str, Any] = {
                "kind": "call",
                "title": f"{unit}来电：{subject}",
                "sender": unit,
                "caller": caller,
                "phone": phone,
                "summary": said,
                "mode": "handle" if rng.random() < 0.3 else "read",
            }
        else:
            sender = rng.choice(sorted(SENDERS))
            prefix, lead, titles = SENDERS[sender]
            template = rng.choice(titles)
            reading = template.startswith("阅:")
            title = self._title(template.removeprefix("阅:"), received)
            kind = "document"
            if prefix is None or ("函" in title and rng.random() < 0.4):
                kind = "letter"
            elif roll > 0.92:
                kind = rng.choice(("fax", "email"))
            data = {
                "kind": kind,
                "title": title,
                "sender": sender,
                "sender_number": self._number(prefix, received) if kind != "email" else "",
                "summary": f"{sender}来文，{READ_NOTE if reading else HANDLE_NOTE}。",
                "mode": "read" if reading else "handle",
            }
        data["urgency"] = rng.choices(("extra_urgent", "urgent", "normal"), (1, 2, 7))[0]
        data["secrecy"] = rng.choices(
            ("public", "internal", "secret", "confidential"), (6, 8, 1, 1)
        )[0]
        lead_name = self.dept_by_code[lead].name if lead in self.dept_by_code else self.internal[0]
        others = [name for name in self.internal if name != lead_name]
        assist = rng.sample(others, rng.choice((0, 0, 1, 1, 2)))
        doc = _Doc(order, data, lead_name, assist)
        self._steps(doc, received)
        return doc

    def _steps(self, doc: _Doc, received: date) -> None:
        rng = self.rng
        age = (self.today - received).days
        handle = doc.data["mode"] == "handle"
        at = self._at(received)
        doc.data["received_at"] = at - timedelta(minutes=rng.randint(3, 30))
        registrar = rng.choice(REGISTRARS)
        self._add(doc, at, "register", registrar)
        if doc.order < len(FRESH):
            target = FRESH[doc.order]
        elif age <= 2:
            target = rng.choice(FRESH)
        elif age <= 7:
            target = rng.choice(("proposed", "instructed", "handling", "handling", "done"))
        elif age <= 30:
            target = rng.choices(
                ("handling", "answered", "done", "returned", "instructed"), (9, 2, 7, 1, 1)
            )[0]
        elif age <= 120:
            target = rng.choices(
                ("done", "filed", "handling", "returned", "answered"), (8, 9, 2, 1, 1)
            )[0]
        else:
            target = rng.choices(("filed", "done", "returned"), (17, 2, 1))[0]
        if not handle and target in ("handling", "answered"):
            target = "done"
        if target == "registered":
            return
        day = self._later(received, 0, 1)
        if target == "returned":
            reason = rng.choice(
                (
                    "不属于本单位职责范围，请径送主管部门。",
                    "来文未按规定加盖印章，请补正后重新报送。",
                )
            )
            self._add(doc, self._at(day, at), "return", registrar, reason)
            return
        at = self._at(day, at)
        self._add(doc, at, "review", registrar)
        if target == "reviewed":
            return
        leader = rng.choice(LEADERS)
        words = {"lead": doc.lead, "assist": "、".join(doc.assist) or "相关部门", "leader": leader}
        proposed = rng.random() < 0.9 or target == "proposed"
        if proposed:
            day = self._later(day, 0, 1)
            at = self._at(day, at)
            self._add(doc, at, "propose", DIRECTOR, rng.choice(PROPOSALS).format(**words))
        if target == "proposed":
            return
        if proposed and (rng.random() < 0.75 or target == "instructed"):
            for _ in range(1 if rng.random() < 0.8 else 2):
                day = self._later(day, 1, 2)
                at = self._at(day, at)
                words["leader"] = leader
                text = rng.choice(INSTRUCTIONS).format(**words)
                self._add(doc, at, "instruct", rng.choice(REGISTRARS), (leader, text))
                leader = rng.choice(LEADERS)
        if target == "instructed":
            return
        if not handle:
            self._circulate(doc, day, at, target)
            return
        day = self._later(day, 0, 1)
        at = self._at(day, at)
        overdue = target in ("handling", "answered") and rng.random() < 0.35
        due = None
        if overdue:
            due = self.calendar.add_workdays(day, rng.randint(3, 10))
            if due >= self.today:
                due = None
        elif doc.data["urgency"] != "normal":
            due = self.calendar.add_workdays(day, 5 if doc.data["urgency"] == "urgent" else 3)
        self._add(doc, at, "handle", DIRECTOR, due)
        if rng.random() < 0.3:
            day, at = self._circulate(doc, day, at, "handling")
        if target == "handling":
            return
        if target == "answered" or rng.random() < 0.4:
            day = self._later(day, 2, 12)
            at = self._at(day, at)
            self._add(doc, at, "answer", registrar, rng.choice(ANSWERS))
        if target == "answered":
            return
        day = self._later(day, 1, 15)
        at = self._at(day, at)
        self._add(doc, at, "item_done", doc.lead, rng.choice(RESULTS) or "已办结。")
        if target == "filed":
            day = self._later(day, 2, 15)
            self._add(doc, self._at(day, at), "file", ARCHIVIST)

    def _circulate(self, doc: _Doc, day: date, at: datetime, target: str) -> tuple[date, datetime]:
        """Circulation to a few readers, some of whom have not read it yet; the day and moment
        of its last step."""
        rng = self.rng
        readers = rng.sample(self.readers, rng.randint(2, 5))
        day = self._later(day, 0, 1)
        at = self._at(day, at)
        self._add(doc, at, "circulate", DIRECTOR, readers)
        finished = target in ("done", "filed")
        unread = 0 if finished and rng.random() < 0.85 else rng.randint(1, len(readers))
        for reader in readers[: len(readers) - unread]:
            day = self._later(day, 0, 2)
            at = self._at(day, at)
            self._add(doc, at, "read", rng.choice(REGISTRARS), reader)
        if unread and day < self.last and rng.random() < 0.6:
            day = self._later(day, 1, 3)
            at = self._at(day, at)
            self._add(doc, at, "remind", rng.choice(REGISTRARS))
        if target in ("done", "filed") and doc.data["mode"] == "read":
            day = self._later(day, 0, 3)
            at = self._at(day, at)
            self._add(doc, at, "done", rng.choice(REGISTRARS), rng.choice(RESULTS))
            if target == "filed":
                day = self._later(day, 2, 15)
                at = self._at(day, at)
                self._add(doc, at, "file", ARCHIVIST)
        return day, at

    def _add(
        self, doc: _Doc, moment: datetime, action: str, author: str, value: Any = None
    ) -> None:
        doc.events.append(_Event(moment, action, author, value))


def fill_demo(session: OfficeSession, rng: random.Random) -> dict[str, int]:
    """A few hundred incoming documents over the last year, built through the services."""
    from officedesk.services.incoming import actions as svc
    from officedesk.services.task import complete_task

    env = session.env
    saved = (env.today, env.fixed_now, env.operator)
    planner = _Planner(session, rng)
    docs = planner.plan(DOCUMENTS)
    refs = planner.refs
    events = sorted(
        ((event, doc) for doc in docs for event in doc.events),
        key=lambda pair: (pair[0].moment, pair[1].order),
    )
    counts = {"incoming": 0, "incoming_items": 0, "incoming_circulated": 0}
    try:
        for event, doc in events:
            env.fixed_now = event.moment
            env.today = local_day(event.moment)
            env.operator = event.author
            action, value = event.action, event.value
            if action == "register":
                doc.doc_id = svc.create_incoming(session, doc.data).id
                counts["incoming"] += 1
            elif action == "review":
                svc.review_incoming(session, doc.doc_id)
            elif action == "return":
                svc.return_incoming(session, doc.doc_id, value)
            elif action == "propose":
                svc.propose_incoming(session, doc.doc_id, value)
            elif action == "instruct":
                svc.instruct_incoming(session, doc.doc_id, value[0], value[1])
            elif action == "handle":
                assist = [refs[name] for name in doc.assist]
                read = svc.handle_incoming(session, doc.doc_id, refs[doc.lead], assist, value)
                if read.task_id:
                    counts["incoming_items"] += 1
            elif action == "circulate":
                svc.circulate_incoming(session, doc.doc_id, [refs[name] for name in value])
                counts["incoming_circulated"] += 1
            elif action == "read":
                svc.mark_read(session, doc.doc_id, refs[value])
            elif action == "remind":
                svc.remind_readers(session, doc.doc_id)
            elif action == "answer":
                svc.answer_incoming(session, doc.doc_id, value)
            elif action == "item_done":
                task_id = svc.resolve_incoming(session, doc.doc_id).task_id
                if task_id is not None:
                    complete_task(session, task_id, value, env.today)
                else:
                    svc.complete_incoming(session, doc.doc_id, value)
            elif action == "done":
                svc.complete_incoming(session, doc.doc_id, value)
            elif action == "file":
                svc.file_incoming(session, doc.doc_id)
            else:  # pragma: no cover - a typo in the plan above
                raise AssertionError(action)
    finally:
        env.today, env.fixed_now, env.operator = saved
    return counts
