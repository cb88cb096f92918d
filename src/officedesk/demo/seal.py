"""The demo company's seals: five in use, a new branch seal awaiting activation, a worn contract
seal recalled and destroyed, a year of the usage log with two corrections, and introduction
letters. Everything goes through services.seal.actions, each step at its own past moment."""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from officedesk.db import OfficeSession
from officedesk.demo.clock import travel
from officedesk.demo.filler import RegisterFiller, members_by_dept
from officedesk.demo.seal_data import DIRECTOR, LETTERS, REGISTRARS, SEALS, USES, WEIGHTS
from officedesk.models import Person
from officedesk.services.moments import local_minute


@dataclass(order=True)
class _Step:
    at: datetime
    order: int
    author: str = field(compare=False)
    run: Callable[[], Any] = field(compare=False)


class _SealDemo(RegisterFiller):
    def __init__(self, session: OfficeSession, rng: random.Random) -> None:
        super().__init__(session, rng)
        self.steps: list[_Step] = []
        # By name, as the data files name keepers: of the two people called 张伟 the later
        # stands, here and among the requesters drawn from a department's members.
        self.people: dict[str, Person] = {p.name: p for p in self.roster.people}
        self.depts = self.roster.by_code()
        self.members = members_by_dept(self.people.values())
        self.seal_ids: dict[str, int] = {}
        self.counts = {
            "seals": 0,
            "seal_events": 0,
            "seal_uses": 0,
            "seal_corrections": 0,
            "intro_letters": 0,
            "seal_requests": 0,
        }

    # -- planning

    def _at(self, day: date, minute: int) -> datetime:
        return local_minute(day, minute)

    def _plan(self, day: date, minute: int, author: str, run: Callable[[], Any]) -> None:
        self.steps.append(_Step(self._at(day, minute), len(self.steps), author, run))

    def _lifecycle(self) -> None:
        years = lambda n: self.today - timedelta(days=365 * n)  # noqa: E731
        recall_day = self.today - timedelta(days=203)
        plan = {
            "official": [
                ("add", years(4) - timedelta(days=40), "华信科技办〔{y}〕6号"),
                ("activate", years(4) - timedelta(days=36), "华信科技办〔{y}〕6号"),
            ],
            "contract_old": [
                ("add", years(7), "华信科技办〔{y}〕21号"),
                ("activate", years(7) + timedelta(days=3), "华信科技办〔{y}〕21号"),
                ("recall", recall_day, "华信科技办〔{y}〕17号"),
                ("destroy", recall_day + timedelta(days=31), "印章销毁审批单XH-{y}-02"),
            ],
            "contract": [
                ("add", recall_day - timedelta(days=9), "华信科技办〔{y}〕17号"),
                ("activate", recall_day, "华信科技办〔{y}〕17号"),
            ],
            "finance": [
                ("add", years(4) - timedelta(days=40), "华信科技办〔{y}〕6号"),
                ("activate", years(4) - timedelta(days=36), "华信科技办〔{y}〕6号"),
                ("suspend", self.today - timedelta(days=96), "财务部请示单CW-{y}-031"),
                ("reinstate", self.today - timedelta(days=89), "财务部请示单CW-{y}-033"),
            ],
            "legal_rep": [
                ("add", years(2) + timedelta(days=20), "董事会决议〔{y}〕3号"),
                ("activate", years(2) + timedelta(days=22), "董事会决议〔{y}〕3号"),
            ],
            "letter": [
                ("add", years(4) - timedelta(days=40), "华信科技办〔{y}〕6号"),
                ("activate", years(4) - timedelta(days=36), "华信科技办〔{y}〕6号"),
            ],
            "branch": [("add", self.today - timedelta(days=6), "华信科技办〔{y}〕39号")],
        }
        notes = {
            "recall": "印面磨损，经审批停用并收回，换刻新章。",
            "destroy": "由办公室与法务合规部共同监销，销毁记录存档。",
            "suspend": "基本存款账户变更期间暂停使用。",
            "reinstate": "银行预留印鉴变更完成，恢复使用。",
        }
        for key, steps in plan.items():
            for index, (action, day, approval) in enumerate(steps):
                ref = approval.format(y=day.year)
                minute = 9 * 60 + 10 + index
                self._plan(day, minute, DIRECTOR, self._seal_step(key, action, day, ref, notes))

    def _seal_step(
        self, key: str, action: str, day: date, approval: str, notes: dict[str, str]
    ) -> Callable[[], Any]:
        from officedesk.services.seal import actions as seals

        def run() -> None:
            if action == "add":
                name, kind, keeper, serial = SEALS[key]
                created = seals.create_seal(
                    self.session,
                    {
                        "name": name,
                        "kind": kind,
                        "serial": serial,
                        "keeper": f"#{self.people[keeper].id}",
                        "approval": approval,
                        "engraved_on": day,
                    },
                )
                self.seal_ids[key] = created.id
                self.counts["seals"] += 1
            else:
                seals.step_seal(
                    self.session,
                    self.seal_ids[key],
                    action,
                    approval=approval,
                    on=day,
                    note=notes.get(action, ""),
                )
            self.counts["seal_events"] += 1

        return run

    def _usable(self, key: str, day: date) -> str | None:
        """The seal of this kind in use all that day (None on a day its state changes or while
        it is suspended: the step happens in the morning)."""
        recall_day = self.today - timedelta(days=203)
        if key == "contract":
            if day == recall_day:
                return None
            return "contract_old" if day < recall_day else "contract"
        suspended = self.today - timedelta(days=96), self.today - timedelta(days=89)
        if key == "finance" and suspended[0] <= day <= suspended[1]:
            return None
        return key

    def _uses(self) -> None:
        rng = self.rng
        calendar = self.env.calendar
        kinds = list(WEIGHTS)
        weights = [WEIGHTS[k] for k in kinds]
        serial = {"n": 1}
        day = self.today - timedelta(days=365)
        planned: list[tuple[date, int, str]] = []
        while day < self.today:
            if calendar.is_workday(day):
                for _ in range(rng.choice((0, 1, 1, 1, 2, 2))):
                    kind = rng.choices(kinds, weights)[0]
                    key = self._usable(kind, day)
                    if key is not None:
                        planned.append((day, rng.randint(8 * 60 + 40, 17 * 60 + 20), key))
            day += timedelta(days=1)
        letter_days = sorted(rng.sample(range(5, 360), len(LETTERS) * 2))
        for index, offset in enumerate(letter_days):
            letter_day = self._back(self.today - timedelta(days=offset))
            to_unit, purpose, dept = LETTERS[index % len(LETTERS)]
            self._plan(
                letter_day,
                rng.randint(9 * 60, 16 * 60),
                rng.choice(REGISTRARS),
                self._letter(to_unit, purpose, dept),
            )
        for day, minute, key in planned:
            template = rng.choice(USES[key.removesuffix("_old")])
            self._plan(day, minute, rng.choice(REGISTRARS), self._use(key, template, serial))

    def _requester(self, dept_code: str) -> Person:
        dept = self.depts[dept_code]
        return self.rng.choice(self.members[dept.id])

    def _use(
        self, key: str, template: tuple[str, str, str, str, tuple[int, int]], serial: dict[str, int]
    ) -> Callable[[], Any]:
        from officedesk.services.seal import actions as seals

        title, purpose, dept_code, approver, (low, high) = template
        person = self._requester(dept_code)
        copies = self.rng.randint(low, high)

        def run() -> None:
            doc = title.format(year=self.env.today.year, n=serial["n"])
            serial["n"] += 1
            seals.use_seal(
                self.session,
                self.seal_ids[key],
                {
                    "requester": f"#{person.id}",
                    "doc_title": doc,
                    "purpose": purpose,
                    "copies": copies,
                    "approver": approver,
                },
                used_at=self.env.now() - timedelta(minutes=self.rng.randint(2, 15)),
            )
            self.counts["seal_uses"] += 1

        return run

    def _letter(self, to_unit: str, purpose: str, dept_code: str) -> Callable[[], Any]:
        from officedesk.services.seal import letters as seal_letters

        bearer = self._requester(dept_code)
        second = self.rng.random() < 0.35
        partner = self._requester(dept_code) if second else None
        valid = self.rng.choice((7, 15, 30))

        def run() -> None:
            names = [bearer.name] + ([partner.name] if partner and partner is not bearer else [])
            seal_letters.issue_letter(
                self.session,
                {
                    "to_unit": to_unit,
                    "bearers": "、".join(names),
                    "purpose": purpose,
                    "valid_until": self.env.today + timedelta(days=valid),
                    "seal": self.seal_ids["letter"],
                    "requester": f"#{bearer.id}",
                    "approver": DIRECTOR,
                },
            )
            self.counts["intro_letters"] += 1
            self.counts["seal_uses"] += 1

        return run

    def _corrections(self) -> None:
        """Two entries put right a few days later: wrong copies, and one that never happened."""
        fixes = (
            (150, {"copies": None, "note": "份数登记有误，按用印审批单更正。"}, False),
            (40, {"note": "误登记：该文件最终未盖章，原登记作废。"}, True),
        )
        for days_ago, data, void in fixes:
            day = self._back(self.today - timedelta(days=days_ago))
            self._plan(day, 8 * 60 + 35, REGISTRARS[0], self._correction(day, data, void))

    def _correction(self, day: date, data: dict[str, Any], void: bool) -> Callable[[], Any]:
        from officedesk.services.seal import actions as seals

        def run() -> None:
            flt = seals.UseFilter(since=day - timedelta(days=14), until=day - timedelta(days=1))
            found = seals.list_uses(self.session, flt, limit=50).items
            candidates = [u for u in found if not u.corrects_id and not u.letter]
            if not candidates:
                return
            original = self.rng.choice(candidates)
            fix = dict(data)
            if "copies" in fix:
                fix["copies"] = original.copies + 1
            seals.correct_use(self.session, original.id, fix, void=void)
            self.counts["seal_uses"] += 1
            self.counts["seal_corrections"] += 1

        return run

    def _requests(self) -> None:
        """A few recent requests still open on Today, and one refused."""
        calendar = self.env.calendar
        days: list[date] = []
        day = self.today - timedelta(days=1)
        while len(days) < 3:
            if calendar.is_workday(day):
                days.append(day)
            day -= timedelta(days=1)
        plan = (
            ("official", days[0], 15 * 60 + 20, None),
            ("contract", days[0], 16 * 60 + 5, None),
            ("finance", days[1], 10 * 60 + 30, "approved"),
            ("official", days[2], 9 * 60 + 50, "refused"),
        )
        for key, day, minute, outcome in plan:
            template = self.rng.choice(USES[key])
            self._plan(
                day, minute, self.rng.choice(REGISTRARS), self._request(key, template, outcome)
            )

    def _request(
        self, key: str, template: tuple[str, str, str, str, tuple[int, int]], outcome: str | None
    ) -> Callable[[], Any]:
        from officedesk.services.seal import requests as seal_requests

        title, purpose, dept_code, approver, (low, high) = template
        person = self._requester(dept_code)
        copies = self.rng.randint(low, high)

        def run() -> None:
            asked = seal_requests.request_use(
                self.session,
                self.seal_ids[key],
                {
                    "requester": f"#{person.id}",
                    "doc_title": title.format(year=self.env.today.year, n=1),
                    "purpose": purpose,
                    "copies": copies,
                },
            )
            self.counts["seal_requests"] += 1
            if outcome is not None:
                note = "" if outcome == "approved" else "请先经法务合规部审核后再申请。"
                with travel(self.session, self.env.now() + timedelta(minutes=50)):
                    seal_requests.decide_request(
                        self.session,
                        asked.id,
                        approve=outcome == "approved",
                        approver=approver,
                        note=note,
                    )

        return run

    # -- replaying

    def build(self) -> dict[str, int]:
        self._lifecycle()
        self._uses()
        self._corrections()
        self._requests()
        for step in sorted(self.steps):
            with travel(self.session, step.at, operator=step.author):
                step.run()
        return self.counts


def fill_demo(session: OfficeSession, rng: random.Random) -> dict[str, int]:
    """The company's seals with their history and a year of the usage log (counts by name)."""
    return _SealDemo(session, rng).build()
