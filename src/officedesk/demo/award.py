"""The demo office's commendations: three years of staff assemblies and award ceremonies, with the
awards they gave to people and departments, built through services.award."""

import random
from contextlib import AbstractContextManager
from datetime import date, time
from typing import Any

from officedesk.db import OfficeSession
from officedesk.demo.clock import travel
from officedesk.demo.filler import RegisterFiller
from officedesk.services.env import ServiceEnv
from officedesk.services.moments import local_moment

PERSON_AWARDS: dict[str, tuple[str, ...]] = {
    "优秀员工": (
        "爱岗敬业，全年圆满完成各项工作任务，业绩突出",
        "主动担当，牵头完成重点项目，获得客户书面表扬",
        "刻苦钻研业务，提出的合理化建议年节约成本十余万元",
    ),
    "优秀管理者": (
        "带领团队超额完成年度目标，部门考核位列第一",
        "推进管理流程优化，部门督办事项按期办结率100%",
    ),
    "安全生产先进个人": (
        "全年无安全事故，组织隐患排查整改四十余项",
        "在应急演练中表现突出，及时处置一起设备险情",
    ),
    "优秀共产党员": (
        "充分发挥先锋模范作用，在急难险重任务中冲在前面",
        "立足岗位作贡献，带动身边职工共同进步",
    ),
}
DEPT_AWARDS: dict[str, tuple[str, ...]] = {
    "先进集体": (
        "团结协作，全面完成年度经营指标和重点工作",
        "服务保障有力，年度内部满意度测评第一",
    ),
    "安全生产先进集体": ("全年实现安全生产零事故，安全标准化建设成效明显",),
}


class _Awards(RegisterFiller):
    def __init__(self, session: OfficeSession, rng: random.Random) -> None:
        super().__init__(session, rng)
        self.internal = self.roster.internal
        self.staff = self.roster.staff
        self.events = 0
        self.awards = 0

    def _decision(self, year: int) -> tuple[date, str] | None:
        """The outgoing register's decision commending `year` (关于表彰{year}年度…的决定), the
        earliest numbered one of the next year, and its date: the ceremony is held that day and
        its awards cite it. None when the register holds none (the years before it was kept):
        the demo cites no number the register does not hold."""
        from sqlalchemy import select
        from sqlmodel import col

        from officedesk.models.outgoing import Outgoing

        row = self.session.execute(
            select(col(Outgoing.doc_date), col(Outgoing.number))
            .where(
                col(Outgoing.doc_type) == "decision",
                col(Outgoing.title).startswith(f"关于表彰{year}年度"),
                col(Outgoing.number_year) == year + 1,
                col(Outgoing.doc_date) <= self.today,
            )
            .order_by(col(Outgoing.doc_date), col(Outgoing.id))
            .limit(1)
        ).first()
        return (row.doc_date, row.number) if row is not None and row.number else None

    def _at(self, day: date) -> AbstractContextManager[ServiceEnv]:
        """Travel to 10:00 on day: an event and the awards it gives are recorded then."""
        return travel(self.session, local_moment(day, time(10, 0)))

    def _event(self, day: date, kind: str, title: str, place: str, note: str = "") -> Any:
        from officedesk.services.award import create_event

        self.events += 1
        data = {"held_on": day, "kind": kind, "title": title, "place": place, "note": note}
        return create_event(self.session, data)

    def _give(
        self,
        event: Any,
        year: int,
        names: dict[str, tuple[str, ...]],
        people: int,
        doc: str = "",
    ) -> None:
        from officedesk.services.award import create_award

        rng = self.rng
        for name, reasons in names.items():
            if name in DEPT_AWARDS:
                depts = rng.sample(self.internal, k=min(len(self.internal), rng.randint(1, 2)))
                refs = [{"dept": str(d.id)} for d in depts]
            else:
                staff = rng.sample(self.staff, k=min(len(self.staff), people))
                refs = [{"person": str(p.id)} for p in staff]
            for ref in refs:
                data = {
                    "name": name,
                    "year": year,
                    "reason": rng.choice(reasons),
                    "doc_ref": doc,
                    "event": str(event.id),
                    **ref,
                }
                create_award(self.session, data)
                self.awards += 1

    def build(self) -> None:
        today = self.today
        for year in range(today.year - 3, today.year + 1):
            assembly = date(year, 3, 12 + self.rng.randint(0, 6))
            if assembly <= today:
                with self._at(assembly):
                    self._event(
                        assembly,
                        "staff_assembly",
                        f"{year}年职工代表大会暨员工大会",
                        "公司大礼堂",
                        "审议行政工作报告、职工福利方案",
                    )
            july_first = date(year, 6, 28 + self.rng.randint(0, 2))
            if july_first <= today and year > today.year - 3:
                with self._at(july_first):
                    event = self._event(
                        july_first,
                        "commendation",
                        f"庆祝建党{year - 1921}周年表彰会",
                        "党员活动室",
                    )
                    self._give(event, year, {"优秀共产党员": PERSON_AWARDS["优秀共产党员"]}, 2)
            safety = date(year, 7, 8 + self.rng.randint(0, 5))
            if safety <= today and year > today.year - 3:
                with self._at(safety):
                    event = self._event(
                        safety, "commendation", f"{year}年安全生产月总结表彰会", "三楼第一会议室"
                    )
                    awards = {
                        "安全生产先进集体": DEPT_AWARDS["安全生产先进集体"],
                        "安全生产先进个人": PERSON_AWARDS["安全生产先进个人"],
                    }
                    self._give(event, year, awards, 2)
            annual = date(year + 1, 1, 15 + self.rng.randint(0, 10))
            decision = self._decision(year)
            if decision is not None:  # held the day the register's decision is dated
                annual = decision[0]
            doc = decision[1] if decision is not None else ""
            if annual <= today:
                with self._at(annual):
                    event = self._event(
                        annual,
                        "commendation",
                        f"{year}年度工作总结暨表彰大会",
                        "公司大礼堂",
                        "总结全年工作，表彰先进集体和先进个人",
                    )
                    awards = {
                        "先进集体": DEPT_AWARDS["先进集体"],
                        "优秀员工": PERSON_AWARDS["优秀员工"],
                    }
                    self._give(event, year, awards, 5, doc)
                    self._give(event, year, {"优秀管理者": PERSON_AWARDS["优秀管理者"]}, 1, doc)
        autumn = date(today.year, 10, 20)
        if autumn <= today:
            with self._at(autumn):
                self._event(autumn, "other", f"{today.year}年职工秋季运动会", "市体育中心")


def fill_demo(session: OfficeSession, rng: random.Random) -> dict[str, int]:
    """Events and awards of the last three years (and this one so far), relative to today."""
    builder = _Awards(session, rng)
    builder.build()
    return {"staff_events": builder.events, "awards": builder.awards}
