"""The demo office's coordination matters: twenty over the year, built through services.matter at
their own moments. Fourteen are written out below (up to the group and the city's SASAC, between
departments, inside the office): some open with recent contacts, some gone quiet (stale on
Today), agreed, closed, escalated with the leader's decision and one still waiting for it. Six
more are the matters behind the office's own 工作联系单 items: each was agreed the day its item
was assigned, the item is linked to it (no new item: the demo's 200 items stay its own), and it
is closed when its item was done."""

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from officedesk.db import OfficeSession
from officedesk.demo.clock import travel
from officedesk.demo.filler import RegisterFiller
from officedesk.services.moments import local_moment

# One step of a matter's story: (working days before today, hour, step, its values).
Event = tuple[int, int, str, tuple[str, ...]]


@dataclass
class _Story:
    title: str
    direction: str
    lead: str  # a department's code or name
    depts: tuple[str, ...]
    asked: str
    events: list[Event] = field(default_factory=list)


def _c(days: int, hour: int, party: str, position: str) -> Event:
    return (days, hour, "contact", (party, position))


STORIES = (
    _Story(
        "向集团公司申请追加年度安全生产专项资金",
        "vertical",
        "AQHBB",
        ("JTAHB", "CWB"),
        "请集团公司安全环保部支持追加专项资金120万元，用于老旧厂房消防设施改造。",
        [
            _c(12, 10, "集团公司安全环保部", "原则同意，请补报资金测算明细和改造方案。"),
            _c(6, 15, "财务部", "测算明细已按集团口径重新编制，待安全环保部确认。"),
            _c(2, 9, "集团公司安全环保部", "材料已收到，拟提交下周集团专题会研究。"),
        ],
    ),
    _Story(
        "国企改革行动台账报送口径确认",
        "vertical",
        "BGS",
        ("SGZW", "CWB"),
        "市国资委台账中“营业收入利润率”指标口径与集团口径不一致，需确认按哪个口径报送。",
        [
            _c(30, 10, "市国资委企业改革处", "按市国资委口径报送，集团口径数据作为附表说明。"),
            _c(28, 14, "财务部", "两套口径差异较大，建议请分管领导定夺后统一口径。"),
            (27, 16, "escalate", ("分管副总经理", "口径不一致影响年度考核得分，需领导决定。")),
            (25, 11, "decide", ("同意按市国资委口径报送，财务部同步做好集团口径说明。",)),
            (24, 9, "agree", ("按市国资委口径报送，附集团口径说明。",)),
        ],
    ),
    _Story(
        "原材料库存资金占用分歧",
        "horizontal",
        "SCGLB",
        ("CGB", "CWB"),
        "生产管理部要求增加安全库存，财务部要求压降存货资金占用，请协调确定合理库存标准。",
        [
            _c(60, 10, "生产管理部", "安全库存不得低于15天用量，否则影响连续生产。"),
            _c(58, 15, "财务部", "存货资金已超预算20%，建议压降至10天用量。"),
            _c(55, 9, "采购部", "可与供应商签订寄售协议，降低库存占用。"),
            (52, 16, "escalate", ("总经理", "各方意见分歧较大，提请总经理协调。")),
            (50, 10, "decide", ("安全库存按12天用量执行，采购部牵头推行寄售协议，年底前评估。",)),
            (49, 9, "agree", ("按总经理意见执行。",)),
            (20, 15, "close", ("库存标准已写入物资管理办法，寄售协议已与两家供应商签订。",)),
        ],
    ),
    _Story(
        "新办公楼各部门用房分配方案",
        "horizontal",
        "BGS",
        ("RLZYB", "CWB", "SCYXB", "JSYFB"),
        "新办公楼启用在即，请各部门按定员提出用房需求，办公室汇总后提出分配方案。",
        [
            _c(18, 10, "技术研发部", "需增加一间实验准备室，面积不少于40平方米。"),
            _c(15, 14, "市场营销部", "客户接待室希望安排在一楼。"),
            _c(11, 9, "财务部", "档案室需满足防火防潮要求，暂未确定面积。"),
        ],
    ),
    _Story(
        "文秘岗与机要岗文件交接流程调整",
        "internal",
        "BGS",
        (),
        "明确密级文件在文秘岗和机要岗之间的交接登记手续。",
        [
            _c(40, 10, "机要员", "密级文件应全程由机要岗登记，文秘岗只接收非密文件。"),
            _c(39, 15, "文秘岗", "同意，需在收文登记环节增加密级判断。"),
            (38, 9, "agree", ("收文登记时先判定密级，密级文件直接转机要岗。",)),
            (30, 16, "close", ("交接流程已写入办公室岗位职责，运行正常。",)),
        ],
    ),
    _Story(
        "年度职工体检项目及费用分摊",
        "horizontal",
        "RLZYB",
        ("CWB", "DQGZB"),
        "确定今年职工体检项目、体检机构和费用列支渠道。",
        [
            _c(14, 10, "党群工作部", "工会经费可承担女职工专项检查费用。"),
            _c(12, 15, "财务部", "其余费用在职工福利费中列支，标准不超过人均800元。"),
            (10, 11, "agree", ("体检费用人均800元，女职工专项由工会经费承担。",)),
        ],
    ),
    _Story(
        "集团信息报送考核口径调整",
        "vertical",
        "BGS",
        ("JTBGS",),
        "集团公司办公室拟调整信息报送考核办法，请了解调整口径并反映我公司意见。",
        [
            _c(16, 10, "集团公司办公室", "新办法征求意见稿月底前下发。"),
            _c(8, 14, "集团公司办公室信息科", "采用信息按篇计分，约稿信息加倍计分。"),
        ],
    ),
    _Story(
        "新品上市时间协调",
        "horizontal",
        "SCYXB",
        ("JSYFB", "SCGLB"),
        "市场营销部要求新品提前一个月上市，技术研发部和生产管理部认为条件不具备。",
        [
            _c(9, 10, "市场营销部", "重点客户已确认采购意向，必须在元旦前上市。"),
            _c(7, 15, "技术研发部", "可靠性试验尚需三周，提前上市存在质量风险。"),
            _c(5, 9, "生产管理部", "试生产线改造未完成，元旦前无法批量供货。"),
            (3, 16, "escalate", ("总经理", "部门意见无法统一，提请总经理决定上市时间。")),
        ],
    ),
    _Story(
        "合同审批时限分歧",
        "horizontal",
        "FWHGB",
        ("SCYXB", "CGB"),
        "业务部门反映合同法律审查时间过长，请法务合规部与业务部门商定审查时限。",
        [
            _c(6, 10, "市场营销部", "标准合同审查应在2个工作日内完成。"),
            _c(3, 14, "采购部", "紧急采购合同希望当日审查。"),
            _c(1, 10, "法务合规部", "可对标准文本合同实行备案制，非标合同3个工作日内完成。"),
        ],
    ),
    _Story(
        "值班室电话录音设备更换",
        "internal",
        "BGS",
        (),
        "值班电话录音设备老化，需确定更换方案和经费。",
        [_c(14, 10, "值班室", "录音设备已无法保存超过30天的记录，建议更换。")],
    ),
    _Story(
        "安全生产标准化复评时间协调",
        "vertical",
        "AQHBB",
        ("市应急管理局",),
        "商请市应急管理局将我公司安全生产标准化复评安排在生产淡季。",
        [
            _c(45, 10, "市应急管理局安全基础科", "可安排在11月上旬，请提前报送自评报告。"),
            (44, 15, "agree", ("复评安排在11月上旬。",)),
            (10, 16, "close", ("复评已完成，保持二级标准化企业等级。",)),
        ],
    ),
    _Story(
        "年度评优名额分配",
        "horizontal",
        "DQGZB",
        ("RLZYB",),
        "协调党群工作部与人力资源部评优名额分配比例。",
        [
            _c(35, 10, "人力资源部", "先进个人名额按各部门定员3%分配。"),
            (33, 15, "agree", ("按定员3%分配先进个人名额。",)),
            (30, 9, "close", ("名额分配方案已印发。",)),
            (4, 10, "reopen", ("集团公司调整了评优名额总数，需重新分配。",)),
            _c(2, 15, "人力资源部", "按集团新通知，名额总数减少两名，建议一线部门优先。"),
        ],
    ),
    _Story(
        "公务用车调度规则修订",
        "internal",
        "BGS",
        (),
        "修订公务用车调度规则，明确优先顺序和夜间出车审批。",
        [
            _c(8, 10, "车队", "夜间出车需经办公室主任批准。"),
            (6, 15, "agree", ("规则修订稿按车队意见完善后印发。",)),
        ],
    ),
    _Story(
        "差旅费报销标准执行口径",
        "horizontal",
        "CWB",
        ("SCYXB", "JSYFB"),
        "市场营销部和技术研发部对差旅住宿标准执行口径有异议，请财务部牵头统一。",
        [
            _c(80, 10, "市场营销部", "一线城市住宿标准偏低，常需超标自付。"),
            _c(78, 14, "财务部", "标准依据集团差旅费管理办法，不宜自行提高。"),
            (75, 16, "escalate", ("总经理", "涉及集团制度执行，提请总经理决定。")),
            (73, 10, "decide", ("执行集团标准；确需超标的，事前报分管领导审批。",)),
            (72, 9, "close", ("已按总经理意见印发补充通知。",)),
        ],
    ),
)
# The 工作联系单 items behind the other six matters, by title (demo/task_data.py), first found.
LINKED_TITLES = (
    "协调解决二号车间夜班通勤班车问题",
    "调整办公楼三层办公用房",
    "协调解决技术研发部紧缺岗位招聘问题",
    "加快办理采购部供应商预付款支付",
    "协调供应商解决包装材料质量问题",
    "调整第四季度生产排产计划",
    "明确外派销售人员补贴标准",
    "统一各部门周报模板和报送时间",
)
LINKED = 6
STEP_HOUR = 10


class _Matters(RegisterFiller):
    def __init__(self, session: OfficeSession, rng: random.Random) -> None:
        super().__init__(session, rng)
        self.now = local_moment(self.today, time(8))  # nothing later than the demo's "now"
        self.dept_ref = {code: f"#{dept.id}" for code, dept in self.roster.by_code().items()}
        self.dept_ref.update({d.name: f"#{d.id}" for d in self.roster.departments})

    @contextmanager
    def _at(self, day: date, hour: int) -> Iterator[Any]:
        moment: datetime = min(local_moment(day, time(hour)), self.now)
        with travel(self.session, moment) as env:
            yield env

    def _day(self, workdays_ago: int) -> date:
        return self.calendar.add_workdays(self._back(self.today), -workdays_ago)

    def _ref(self, name: str) -> str:
        return self.dept_ref.get(name, name)

    def story(self, story: _Story) -> tuple[date, Callable[[], None]]:
        """The day the matter was opened, and its history from then on."""
        first = story.events[0][0] + self.rng.randint(1, 2) if story.events else 3

        def build() -> None:
            from officedesk.services.matter import actions as svc

            with self._at(self._day(first), 9):
                matter = svc.create_matter(
                    self.session,
                    {
                        "title": story.title,
                        "direction": story.direction,
                        "lead": self._ref(story.lead),
                        "depts": [self._ref(d) for d in story.depts],
                        "asked": story.asked,
                    },
                )
            for days, hour, step, values in story.events:
                with self._at(self._day(days), hour):
                    self._step(svc, matter.id, step, values)

        return self._day(first), build

    def _step(self, svc: Any, matter_id: int, step: str, values: tuple[str, ...]) -> None:
        session = self.session
        if step == "contact":
            svc.add_contact(session, matter_id, values[0], values[1])
        elif step == "escalate":
            svc.escalate_matter(session, matter_id, values[0], values[1])
        elif step == "decide":
            svc.decide_matter(session, matter_id, values[0])
        elif step == "agree":
            svc.agree_matter(session, matter_id, values[0])
        elif step == "close":
            svc.close_matter(session, matter_id, values[0])
        elif step == "reopen":
            svc.reopen_matter(session, matter_id, values[0])

    def linked(self) -> list[tuple[date, Callable[[], None]]]:
        """The matters behind the office's 工作联系单 items: raised by the department the item's
        reference names, led by the item's department, agreed and linked the day the item was
        assigned, closed the day after it was done."""
        from officedesk.services.task import TaskFilter, list_tasks

        everything = TaskFilter(states=["all"], source="department")
        items = {i.title: i for i in list_tasks(self.session, everything, limit=1000).items}
        found = [items[title] for title in LINKED_TITLES if title in items][:LINKED]
        return [
            (self.calendar.add_workdays(item.assigned_on, -3), self._linked(item)) for item in found
        ]

    def _linked(self, item: Any) -> Callable[[], None]:
        def build() -> None:
            from officedesk.services.matter import actions as svc

            session = self.session
            raiser = item.source_ref.split("工作联系单")[0]
            opened = self.calendar.add_workdays(item.assigned_on, -3)
            with self._at(opened, 9):
                matter = svc.create_matter(
                    session,
                    {
                        "title": item.title,
                        "direction": "horizontal",
                        "lead": f"#{item.dept_id}" if item.dept_id else None,
                        "depts": [self._ref(raiser)] if raiser in self.dept_ref else [],
                        "asked": f"{raiser}提出：{item.title}。",
                    },
                )
            with self._at(self.calendar.add_workdays(opened, 1), 14):
                svc.add_contact(session, matter.id, raiser, "请尽快协调解决，并明确完成时间。")
            with self._at(item.assigned_on, STEP_HOUR):
                svc.add_contact(
                    session, matter.id, item.dept or raiser, "同意承办，按工作联系单落实。"
                )
                svc.agree_matter(session, matter.id, "以工作联系单形式交办，纳入督办。")
                svc.link_item(session, matter.id, item.id)
            if item.state == "cancelled":
                with self._at(self.calendar.add_workdays(item.assigned_on, 2), 16):
                    svc.close_matter(session, matter.id, f"事项已撤销：{item.cancel_reason}")
            elif item.done_on is not None and item.done_on < self.today:
                with self._at(self.calendar.add_workdays(item.done_on, 1), STEP_HOUR):
                    svc.close_matter(session, matter.id, f"督办事项{item.code}已办结。")

        return build


def fill_demo(session: OfficeSession, rng: random.Random) -> dict[str, int]:
    """The fourteen written matters and the six behind the 工作联系单 items, registered in the
    order they were opened (their codes follow it), each then played to its end."""
    builder = _Matters(session, rng)
    written = [builder.story(story) for story in STORIES]
    linked = builder.linked()
    for _opened, build in sorted(written + linked, key=lambda plan: plan[0]):
        build()
    return {"matters": len(written) + len(linked), "matter_items": len(linked)}
