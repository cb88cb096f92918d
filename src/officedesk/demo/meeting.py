"""The demo office's meetings: its rooms, a weekly 总经理办公会 over the last two months with
minutes and resolutions (some carried out, some not), a few 专题会 in every state, the staff
assembly ahead, an outside meeting and a commendation meeting, built through services.meeting."""

import random
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from officedesk.db import OfficeSession
from officedesk.demo.clock import travel
from officedesk.demo.filler import RegisterFiller
from officedesk.services.env import ServiceEnv
from officedesk.services.moments import local_moment

# (name, capacity, equipment): the visits register books the first three for its guests too.
ROOMS = (
    ("三楼第一会议室", 30, "投影仪、视频会议终端、无线话筒"),
    ("五楼贵宾接待室", 12, "液晶电视、茶歇台"),
    ("二楼多功能厅", 200, "LED大屏、音响、舞台灯光"),
    ("四楼小会议室", 10, "白板、电视"),
)
GM_TOPICS = (
    ("传达学习上级会议精神", "办公室"),
    ("审议月度生产经营情况", "生产管理部"),
    ("研究年度预算执行情况", "财务部"),
    ("研究安全生产专项整治工作", "安全环保部"),
    ("研究人才招聘与培训计划", "人力资源部"),
    ("听取重点客户合同履约情况汇报", "市场营销部"),
    ("研究信息化建设项目推进", "技术研发部"),
    ("研究采购管理制度修订", "采购部"),
)
HEADS = ("部长",)


@dataclass
class _Plan:
    kind: str
    title: str
    starts: datetime
    hours: float
    state: str
    room: str | None = None
    place: str = ""
    chair: str | None = None
    dept: str | None = None
    people: list[str] = field(default_factory=list)
    depts: list[str] = field(default_factory=list)
    observers: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    agenda: list[str] = field(default_factory=list)
    ticks: list[str] = field(default_factory=list)
    minutes: str = ""
    # The demo office's items this meeting's minutes gave (their reference's kind, see
    # demo/task_data.py REFERENCES), linked as its resolutions; the other items stay unlinked.
    minutes_of: str = ""
    reason: str = ""


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return local_moment(day, time(hour, minute))


class _Meetings(RegisterFiller):
    def __init__(self, session: OfficeSession, rng: random.Random) -> None:
        super().__init__(session, rng)
        self.now = _at(self.today, 8)  # nothing is done later than the demo's "now"
        codes = self.roster.by_code()
        self.dept_ref = {code: f"#{dept.id}" for code, dept in codes.items()}
        office = codes.get("BGS")
        self.office = [p for p in self.roster.people if office and p.dept_id == office.id]
        self.heads = [p for p in self.roster.staff if p.title in HEADS]
        from officedesk.services.task import TaskFilter, list_tasks

        everything = TaskFilter(states=["all"], source="meeting")
        self.meeting_items = list(list_tasks(session, everything, limit=1000).items)

    def _ref(self, person: Any) -> str:
        return f"#{person.id}"

    def _when(self, moment: datetime) -> AbstractContextManager[ServiceEnv]:
        return travel(self.session, min(moment, self.now))

    # ---- what the year's meetings look like -------------------------------------------------

    def _gm_meeting(self, day: date, index: int) -> _Plan:
        rng = self.rng
        topics = rng.sample(GM_TOPICS, 3)
        heads = [self._ref(p) for p in self.heads]
        absent = []
        if heads and rng.random() < 0.5:
            away = heads.pop(rng.randrange(len(heads)))
            absent.append(f"{away}：{rng.choice(('出差', '参加集团培训', '病假'))}")
        past = day < self.today
        minutes = ""
        if past:
            minutes = "；".join(f"会议{topic}" for topic, _who in topics) + "。会议议定事项见附件。"
        director = self._ref(self.office[0]) if self.office else None
        return _Plan(
            kind="gm_office",
            title=f"{day.year}年第{index}次总经理办公会",
            starts=_at(day, 9),
            hours=2.5,
            state="minuted"
            if past
            else ("notified" if day <= self.today + timedelta(3) else "planned"),
            room="三楼第一会议室",
            dept=self.dept_ref.get("BGS"),
            people=heads,
            observers=[director] if director else [],
            absent=absent,
            agenda=[f"{topic}：{who}" for topic, who in topics],
            ticks=["materials", "room", "equipment"] if not past else [],
            minutes=minutes,
            minutes_of="总经理办公会纪要" if past else "",
        )

    def plans(self) -> list[_Plan]:
        today = self.today
        monday = today - timedelta(days=today.weekday())
        plans = []
        weeks = range(-8, 2)
        for number, week in enumerate(weeks, start=40):
            day = self._fwd(monday + timedelta(weeks=week))
            plans.append(self._gm_meeting(day, number))
        chair = self._ref(self.office[0]) if self.office else None
        safety = self.dept_ref.get("AQHBB")
        plans += [
            _Plan(
                "topical",
                "冬季安全生产专题会",
                _at(self._back(today - timedelta(days=20)), 14, 30),
                2,
                "minuted",
                room="四楼小会议室",
                chair=chair,
                dept=safety,
                depts=[d for d in (safety,) if d],
                agenda=["通报近期安全检查发现的问题", "部署冬季消防和防冻工作"],
                minutes="会议通报了安全检查情况，部署冬季安全生产重点工作。",
                minutes_of="安全生产委员会",
            ),
            _Plan(
                "topical",
                "信息化建设推进专题会",
                _at(self._back(today - timedelta(days=3)), 15),
                1.5,
                "held",
                room="五楼贵宾接待室",
                chair=chair,
                dept=self.dept_ref.get("JSYFB"),
                people=[self._ref(p) for p in self.heads[:4]],
                agenda=["信息化平台二期建设方案：技术研发部"],
            ),
            _Plan(
                "topical",
                "年度预算编制专题会",
                _at(self._fwd(today + timedelta(days=2)), 14, 30),
                2,
                "notified",
                room="三楼第一会议室",
                chair=chair,
                dept=self.dept_ref.get("CWB"),
                people=[self._ref(p) for p in self.heads],
                agenda=["明年预算编制原则和时间安排：财务部"],
                ticks=["materials"],
            ),
            _Plan(
                "topical",
                "供应商评估专题会",
                _at(self._back(today - timedelta(days=9)), 10),
                1,
                "cancelled",
                room="四楼小会议室",
                dept=self.dept_ref.get("CGB"),
                reason="主要参会人员出差，改期另行通知",
            ),
            _Plan(
                "staff_assembly",
                f"{today.year}年度职工代表大会",
                _at(self._fwd(today + timedelta(days=12)), 14),
                3,
                "planned",
                room="二楼多功能厅",
                dept=self.dept_ref.get("DQGZB"),
                depts=[ref for code, ref in self.dept_ref.items() if code in _INTERNAL],
                agenda=["总经理工作报告", "审议职工福利费使用方案", "选举职工监事"],
                ticks=["room", "signage"],
            ),
            _Plan(
                "commendation",
                f"{today.year - 1}年度先进集体和先进个人表彰会",
                _at(self._back(today - timedelta(days=45)), 15),
                1.5,
                "minuted",
                room="二楼多功能厅",
                dept=self.dept_ref.get("DQGZB"),
                depts=[ref for code, ref in self.dept_ref.items() if code in _INTERNAL],
                minutes="会议宣读了表彰决定，为先进集体和先进个人颁奖。",
            ),
            _Plan(
                "topical",
                "年终工作总结部署专题会",
                _at(today, 15, 30),
                1,
                "notified",
                room="四楼小会议室",
                chair=chair,
                dept=self.dept_ref.get("BGS"),
                people=[self._ref(p) for p in self.office[1:3]],
                agenda=["部署年终总结起草工作：办公室"],
                ticks=["materials", "room"],
            ),
            _Plan(
                "external",
                "市国资委国有企业改革推进会",
                _at(self._fwd(today + timedelta(days=5)), 9),
                3,
                "planned",
                place="市国资委三楼会议室",
                dept=self.dept_ref.get("BGS"),
                people=[chair] if chair else [],
            ),
        ]
        return plans

    # ---- replay through the services --------------------------------------------------------

    def build(self, plan: _Plan) -> int:
        """The meeting's history at its own moments; returns the resolutions recorded."""
        from officedesk.services.meeting import actions as svc

        session = self.session
        registered = plan.starts - timedelta(days=7)
        data: dict[str, Any] = {
            "title": plan.title,
            "kind": plan.kind,
            "starts_at": plan.starts,
            "ends_at": plan.starts + timedelta(hours=plan.hours),
            "room": plan.room,
            "place": plan.place,
            "chair": plan.chair,
            "dept": plan.dept,
            "attendees": plan.people,
            "depts": plan.depts,
            "observers": plan.observers,
            "absent": plan.absent,
            "agenda": plan.agenda,
        }
        with self._when(registered):
            meeting = svc.create_meeting(session, {k: v for k, v in data.items() if v})
            if plan.ticks:
                svc.tick_checklist(session, meeting.id, plan.ticks)
        if plan.state == "planned":
            return 0
        if plan.state == "cancelled":
            with self._when(plan.starts - timedelta(days=2)):
                svc.cancel_meeting(session, meeting.id, plan.reason)
            return 0
        with self._when(plan.starts - timedelta(days=3)):
            svc.notify_meeting(session, meeting.id)
        if plan.state == "notified":
            return 0
        ended = plan.starts + timedelta(hours=plan.hours)
        with self._when(ended):
            svc.hold_meeting(session, meeting.id)
        if plan.state == "held":
            return 0
        given = self._items_of(plan)
        with self._when(ended + timedelta(days=1)):
            svc.minute_meeting(session, meeting.id, plan.minutes)
            for item in given:
                svc.link_resolution(session, meeting.id, item.id)
        return len(given)

    def _items_of(self, plan: _Plan) -> list[Any]:
        """The demo office's items whose reference is these minutes' kind, assigned in the week
        after the meeting (two for a topical meeting): its resolutions, in whatever state the
        office's demo left them."""
        if not plan.minutes_of:
            return []
        first = plan.starts.astimezone().date()
        last = first + timedelta(days=6 if plan.kind == "gm_office" else 13)
        found = [
            item
            for item in self.meeting_items
            if item.source_ref.startswith(plan.minutes_of) and first <= item.assigned_on <= last
        ]
        for item in found:
            self.meeting_items.remove(item)
        return found


# The company's own departments (the staff assembly and commendations invite them whole).
_INTERNAL = ("BGS", "RLZYB", "CWB", "SCYXB", "JSYFB", "SCGLB", "CGB", "FWHGB", "AQHBB", "DQGZB")


def fill_demo(session: OfficeSession, rng: random.Random) -> dict[str, int]:
    """Rooms first, then the meetings relative to session.env.today, in the order they were
    registered."""
    from officedesk.services.meeting.rooms import create_room

    builder = _Meetings(session, rng)
    with builder._when(builder.now - timedelta(days=90)):
        for name, capacity, equipment in ROOMS:
            create_room(session, {"name": name, "capacity": capacity, "equipment": equipment})
    plans = sorted(builder.plans(), key=lambda plan: plan.starts)
    resolutions = sum(builder.build(plan) for plan in plans)
    return {"meetings": len(plans), "rooms": len(ROOMS), "meeting_resolutions": resolutions}
