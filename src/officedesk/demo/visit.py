"""The demo office's receptions: a few dozen visits over the last four months and the weeks ahead,
in every state, with guests, arrangements and reception lists, built through services.visit."""

import random
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from officedesk.db import OfficeSession
from officedesk.demo.clock import travel
from officedesk.demo.filler import RegisterFiller
from officedesk.models.visit import VISIT_PAPERS
from officedesk.services.env import ServiceEnv
from officedesk.services.moments import local_moment

# (unit, letter prefix or None when the unit has no 代字 we know, level)
FREE_UNITS: tuple[tuple[str, str, str], ...] = (
    ("省国资委调研组", "省国资函", "important"),
    ("省安全生产督查组", "省安督函", "important"),
    ("华光电力股份有限公司", "华光函", "general"),
    ("市工商业联合会", "市工商联函", "general"),
    ("西安交通大学能源与动力工程学院", "西交能函", "general"),
    ("市科学技术局", "市科函", "general"),
    ("高新区管委会", "高新管函", "important"),
    ("中铁建设集团华中分公司", "中铁华中函", "general"),
)
# 代字 of the directory's outside units, for their letters' numbers.
UNIT_PREFIXES = {
    "集团公司": "华信控股函",
    "集团公司办公室": "华信控股办函",
    "集团公司安全环保部": "华信控股安函",
    "市国资委": "市国资函",
    "市应急管理局": "市应急函",
    "市生态环境局": "市环函",
    "市税务局": "市税函",
    "市人力资源和社会保障局": "市人社函",
    "市市场监督管理局": "市市监函",
    "中国工商银行城东支行": "工银城东函",
    "华远集团有限公司": "华远函",
    "正衡律师事务所": "正衡函",
}
PURPOSES = (
    "调研安全生产工作",
    "考察新能源合作项目",
    "检查消防安全与应急预案",
    "交流党建与企业文化工作经验",
    "商谈年度框架协议续签",
    "督导国企改革深化提升行动",
    "审计整改情况回访",
    "技术交流与产学研合作洽谈",
    "调研民营经济与营商环境",
    "专项检查排污许可执行情况",
    "走访重点企业了解生产经营情况",
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = (
    "建华",
    "志强",
    "秀兰",
    "海燕",
    "国庆",
    "立新",
    "文博",
    "晓东",
    "丽娟",
    "振宇",
    "明辉",
    "雪梅",
    "卫东",
    "思远",
    "春生",
    "玉芳",
)
POSTS = ("处长", "副处长", "科长", "副科长", "主任科员", "科员", "总经理", "副总经理", "教授")
LEADER_POSTS = ("副主任", "副局长", "组长", "副总经理", "院长")
ROOMS = ("三楼第一会议室", "五楼贵宾接待室", "二楼多功能厅")
PLACES = ("生产车间", "研发中心展厅", "安全生产指挥中心", "污水处理站")


@dataclass
class _Plan:
    arrives: datetime
    departs: datetime
    registered: datetime
    state: str
    data: dict[str, Any]
    activities: list[dict[str, Any]] = field(default_factory=list)
    cost_factor: float = 1.0
    hosts_at_table: int | None = None


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return local_moment(day, time(hour, minute))


class _Visits(RegisterFiller):
    def __init__(self, session: OfficeSession, rng: random.Random) -> None:
        super().__init__(session, rng)
        depts = self.roster.departments
        self.units = [d for d in depts if d.kind in ("superior", "external")]
        office = next((d.id for d in depts if d.code == "BGS"), None)
        self.office_hosts = [p for p in self.roster.people if p.dept_id == office]
        self.other_hosts = [p for p in self.roster.staff if p.dept_id != office]
        self.letter_numbers: dict[str, int] = {}
        self.now = _local(self.today, 8)  # the demo's "now": nothing is done later than this

    # ---- what a visit looks like ------------------------------------------------------------

    def _guest(self, post: str) -> str:
        name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
        return f"{name}:{post}"

    def _unit(self) -> tuple[str, str, str]:
        rng = self.rng
        if self.units and rng.random() < 0.55:
            dept = rng.choice(self.units)
            level = "important" if dept.kind == "superior" else "general"
            return dept.name, UNIT_PREFIXES.get(dept.name, f"{dept.name[:2]}函"), level
        return rng.choice(FREE_UNITS)

    def _letter(self, prefix: str, year: int) -> str:
        key = f"{prefix}{year}"
        self.letter_numbers[key] = self.letter_numbers.get(key, self.rng.randint(3, 40)) + 1
        return f"{prefix}〔{year}〕{self.letter_numbers[key]}号"

    def _plan(self, day: date, state: str, *, hour: int | None = None) -> _Plan:
        rng = self.rng
        unit, prefix, level = self._unit()
        big = rng.random() < 0.15
        count = rng.randint(11, 16) if big else rng.randint(2, 7)
        named = min(count, rng.randint(2, 5))
        guests = [self._guest(rng.choice(LEADER_POSTS))]
        guests += [self._guest(rng.choice(POSTS)) for _ in range(named - 1)]
        start = hour if hour is not None else rng.choice((9, 9, 10, 14, 15))
        arrives = _local(day, start, rng.choice((0, 0, 30)))
        stays = rng.random() < 0.25
        departs = _local(day + timedelta(days=1 if stays else 0), 16 if stays else 17, 30)
        limit = 3 if count <= 10 else count // 3
        hosts = min(limit, rng.randint(2, 3))
        if rng.random() < 0.12:
            hosts = limit + 1  # the rule's warning shows up in the demo too
        pool = self.office_hosts if rng.random() < 0.7 or not self.other_hosts else self.other_hosts
        host = rng.choice(pool) if pool else None
        budget = count * rng.choice((120, 150, 180)) + (400 * count if stays else 0)
        data: dict[str, Any] = {
            "guest_org": unit,
            "purpose": rng.choice(PURPOSES),
            "level": level,
            "arrives_at": arrives,
            "departs_at": departs,
            "guests": guests,
            "guest_count": count,
            "table_hosts": hosts,
            "meals": f"工作餐一次（职工食堂，{rng.choice((50, 60, 80))}元/人）",
            "lodging": f"公司接待中心{(count + 1) // 2}间" if stays else "",
            "car": rng.choice(("商务车1辆（高铁站接送）", "", "中巴车1辆")),
            "room": rng.choice(ROOMS),
            "budget": str(budget),
        }
        if rng.random() < 0.85:
            data["letter_ref"] = self._letter(prefix, day.year)
        if host is not None:
            data["host"] = str(host.id)
        activities = [
            {"starts_at": arrives, "place": data["room"], "activity": "座谈交流，听取情况介绍"},
            {
                "starts_at": arrives + timedelta(hours=1, minutes=30),
                "place": rng.choice(PLACES),
                "activity": "实地参观调研",
            },
            {
                "starts_at": _local(day, 12),
                "place": "职工食堂",
                "activity": "工作餐",
                "cost": str(count * 60 + hosts * 60),
            },
        ]
        if stays:
            activities.append(
                {
                    "starts_at": _local(day, 20),
                    "place": "公司接待中心",
                    "activity": "住宿",
                    "cost": str(((count + 1) // 2) * 380),
                }
            )
        registered = min(arrives - timedelta(days=rng.randint(3, 12)), self.now)
        return _Plan(
            arrives,
            departs,
            registered,
            state,
            data,
            activities,
            cost_factor=rng.choice((0.85, 0.9, 0.95, 1.0, 1.0, 1.12)),
        )

    def plans(self) -> list[_Plan]:
        rng = self.rng
        today = self.today
        plans: list[_Plan] = []
        for index, back in enumerate(sorted(rng.sample(range(3, 125), 24), reverse=True)):
            day = today - timedelta(days=back)
            if day.weekday() >= 5:
                day -= timedelta(days=day.weekday() - 4)
            cancelled = index == 5 or rng.random() < 0.05  # one at least, a few by chance
            state = "cancelled" if cancelled else ("done" if back < 16 else "settled")
            plans.append(self._plan(day, state))
        plans.append(self._plan(today - timedelta(days=1), "done"))
        plans.append(self._plan(today - timedelta(days=2), "done"))
        plans.append(self._plan(today, "confirmed", hour=9))
        today_later = self._plan(today, "planned", hour=14)
        today_later.data.pop("letter_ref", None)  # arrives this afternoon, letter still missing
        plans.append(today_later)
        tomorrow = today + timedelta(days=1)
        plans.append(self._plan(tomorrow, "confirmed", hour=9))
        plans.append(self._plan(tomorrow, "planned", hour=15))
        for ahead in sorted(rng.sample(range(2, 22), 5)):
            plans.append(
                self._plan(today + timedelta(days=ahead), rng.choice(("planned", "confirmed")))
            )
        return plans

    # ---- replay through the services --------------------------------------------------------

    def _at(self, moment: datetime) -> AbstractContextManager[ServiceEnv]:
        """Travel to moment, but never past the demo's "now"."""
        return travel(self.session, min(moment, self.now))

    def build(self, plan: _Plan) -> tuple[int, int]:
        from officedesk.services.visit import actions as svc

        session = self.session
        registered = plan.registered
        with self._at(registered):
            visit = svc.create_visit(session, plan.data)
            for activity in plan.activities:
                svc.add_activity(session, visit.id, activity)
        if plan.state == "cancelled":
            with self._at(registered + timedelta(days=1)):
                svc.cancel_visit(session, visit.id, "对方行程调整，来访取消")
            return len(plan.data["guests"]), len(plan.activities)
        if plan.state == "planned":
            return len(plan.data["guests"]), len(plan.activities)
        with self._at(max(registered, plan.arrives - timedelta(days=1))):
            # Without the unit's 公函 a confirmation says why (the reception rules).
            waiver = "" if plan.data.get("letter_ref") else "对方电话预约，公函随后补送"
            svc.confirm_visit(session, visit.id, waiver=waiver)
        if plan.state == "confirmed":
            return len(plan.data["guests"]), len(plan.activities)
        with self._at(plan.departs):
            svc.complete_visit(session, visit.id)
        if plan.state == "settled":
            settled = plan.departs + timedelta(days=self.rng.randint(2, 10))
            budget = int(plan.data["budget"])
            cost = round(budget * plan.cost_factor / 10) * 10
            with self._at(settled):
                svc.settle_visit(session, visit.id, str(cost), papers=VISIT_PAPERS)
        return len(plan.data["guests"]), len(plan.activities)


def fill_demo(session: OfficeSession, rng: random.Random) -> dict[str, int]:
    """Visits relative to session.env.today, in every state, today's and tomorrow's included."""
    builder = _Visits(session, rng)
    guests = activities = 0
    plans = builder.plans()
    plans.sort(key=lambda p: (p.registered, p.arrives))
    for plan in plans:
        named, done = builder.build(plan)
        guests += named
        activities += done
    return {"visits": len(plans), "visit_guests": guests, "visit_activities": activities}
