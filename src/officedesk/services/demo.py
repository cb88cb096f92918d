"""A realistic fictional company for trying officedesk: `officedesk demo` and `officedesk --demo`.

Every record is made through the service layer, exactly as a user would make it, so the demo
exercises validation, numbering, pinyin keys and the change journal, and never holds a record a
user could not have produced. Dates are relative to today, so the demo always shows overdue,
due-soon and finished work whenever it is loaded; every random choice comes from one seeded
generator, so the same seed gives the same office.

To give log entries believable past timestamps, each step moves the session's clock
(`env.today`, `env.fixed_now`) and acting person (`env.operator`) to the moment and the person
of that step, and puts them back afterwards. Items are registered in the order they were
assigned, so DB-2026-0001 is the oldest one, as in a real register.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, or_, select, update
from sqlmodel import SQLModel
from sqlmodel import select as select_rows

from officedesk.db import OfficeSession
from officedesk.errors import Conflict
from officedesk.models import Department, Person, Task, load_all

if TYPE_CHECKING:
    from officedesk.context import AppContext

DEFAULT_SEED = 2026
DAY = timedelta(days=1)
# Office hours are Beijing time; log timestamps are stored in UTC.
BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")
FIRST_SLOT_MINUTE = 8 * 60 + 35
SLOT_MINUTES = 42


# ---- the company ---------------------------------------------------------------------------

# (name, code, kind, parent, note). Parents come before their children.
DEPARTMENTS: tuple[tuple[str, str | None, str, str | None, str], ...] = (
    ("办公室", "BGS", "internal", None, "文秘、督查督办、档案、机要、行政后勤、公务接待"),
    ("人力资源部", "RLZYB", "internal", None, "招聘、薪酬、绩效、培训、劳动关系"),
    ("财务部", "CWB", "internal", None, "预算、核算、资金、税务、资产"),
    ("市场营销部", "SCYXB", "internal", None, "销售、客户服务、品牌宣传"),
    ("技术研发部", "JSYFB", "internal", None, "产品研发、专利、信息化建设"),
    ("生产管理部", "SCGLB", "internal", None, "生产计划、质量、设备"),
    ("采购部", "CGB", "internal", None, "采购、供应商管理、仓储"),
    ("法务合规部", "FWHGB", "internal", None, "合同审查、诉讼、合规与内控"),
    ("安全环保部", "AQHBB", "internal", None, "安全生产、消防、环境保护、职业健康"),
    ("党群工作部", "DQGZB", "internal", None, "党建、工会、共青团、企业文化"),
    ("集团公司", "JT", "superior", None, "华信控股集团有限公司，本公司控股股东"),
    ("集团公司办公室", "JTBGS", "superior", "集团公司", "集团公文、督办、信息报送"),
    ("集团公司安全环保部", "JTAHB", "superior", "集团公司", "集团安全生产监督管理"),
    ("市国资委", "SGZW", "superior", None, "市人民政府国有资产监督管理委员会"),
    ("市应急管理局", None, "external", None, "安全生产监管、应急预案备案"),
    ("市生态环境局", None, "external", None, "排污许可、环境执法"),
    ("市税务局", None, "external", None, "国家税务总局市税务局"),
    ("市人力资源和社会保障局", None, "external", None, "劳动用工、社会保险"),
    ("市市场监督管理局", None, "external", None, "产品质量抽查、特种设备、广告"),
    ("中国工商银行城东支行", None, "external", None, "基本户开户行，流动资金贷款"),
    ("华远集团有限公司", None, "external", None, "重点客户，年度框架协议"),
    ("正衡律师事务所", None, "external", None, "常年法律顾问"),
)

# (name, department, title). Two people share the common name 张伟; 曾, 单, 解, 查, 仇 and 乐
# are surnames read differently from the character's usual reading, so pinyin search is tested.
PEOPLE: tuple[tuple[str, str, str], ...] = (
    ("王建国", "BGS", "主任"),
    ("曾晓燕", "BGS", "副主任"),
    ("单立军", "BGS", "督查专员"),
    ("李娜", "BGS", "秘书"),
    ("周敏", "BGS", "档案管理员"),
    ("刘洋", "RLZYB", "部长"),
    ("陈静", "RLZYB", "副部长"),
    ("张伟", "RLZYB", "薪酬专员"),
    ("黄丽", "RLZYB", "招聘专员"),
    ("孙丽华", "CWB", "部长"),
    ("吴刚", "CWB", "副部长"),
    ("郑秀英", "CWB", "主管会计"),
    ("冯涛", "CWB", "出纳"),
    ("何军", "SCYXB", "部长"),
    ("张伟", "SCYXB", "客户经理"),
    ("许婷", "SCYXB", "市场专员"),
    ("解晓龙", "SCYXB", "销售经理"),
    ("高志强", "JSYFB", "部长"),
    ("林晨", "JSYFB", "副部长"),
    ("罗斌", "JSYFB", "高级工程师"),
    ("宋佳", "JSYFB", "工程师"),
    ("马建华", "SCGLB", "部长"),
    ("朱鹏", "SCGLB", "副部长"),
    ("胡海涛", "SCGLB", "调度主任"),
    ("郭勇", "SCGLB", "质量工程师"),
    ("梁红", "CGB", "部长"),
    ("谢飞", "CGB", "采购专员"),
    ("韩雪", "CGB", "科员"),
    ("唐文", "FWHGB", "部长"),
    ("查明远", "FWHGB", "法务专员"),
    ("董洁", "FWHGB", "合规专员"),
    ("袁立新", "AQHBB", "部长"),
    ("邓超", "AQHBB", "安全工程师"),
    ("曹磊", "AQHBB", "环保专员"),
    ("仇志刚", "AQHBB", "安全员"),
    ("彭丽萍", "DQGZB", "部长"),
    ("蒋燕", "DQGZB", "副部长"),
    ("乐天宇", "DQGZB", "团委书记"),
    ("钱进", "JTBGS", "综合处处长"),
    ("任杰", "SGZW", "企业改革处科长"),
    ("沈浩", "市应急管理局", "安全生产基础科科长"),
    ("方婷", "中国工商银行城东支行", "客户经理"),
)

DIRECTOR = "王建国"  # decides extensions, evaluates, cancels
SUPERVISORS = ("单立军", "曾晓燕")  # chase (催办)
REGISTRARS = ("单立军", "曾晓燕", "李娜")  # register new items

# Supervision items per source: "category|owning department|reference kind|title".
# A reference kind "lx:CODE" names the department that raised the matter.
ITEMS: dict[str, str] = {
    "superior": """
安全生产|AQHBB|ja|落实集团安全生产大检查整改要求
安全生产|AQHBB|ja|落实集团关于做好冬季安全生产和消防工作的通知
安全生产|AQHBB|gz|落实市国资委关于安全生产治本攻坚三年行动的部署
安全生产|SCGLB|ja|完成集团安全生产标准化复评问题整改
安全生产|AQHBB|ja|报送第三季度安全生产风险分级管控情况
环保|AQHBB|ja|落实集团关于开展生态环境隐患排查的通知
经营管理|BGS|gz|办理市国资委关于国企改革深化提升行动的通知
经营管理|CWB|jt|报送第三季度经济运行分析报告
经营管理|CWB|jc|报送2027年度投资计划建议
经营管理|SCGLB|jt|落实集团关于开展降本增效专项行动的通知
经营管理|BGS|gz|报送对标世界一流企业价值创造行动总结
经营管理|SCYXB|jt|落实集团关于加强应收账款回收的工作要求
财务|CWB|gz|报送2026年度国有资产统计快报
财务|CWB|jc|落实集团关于压降“两金”占用的工作要求
财务|CWB|jc|落实集团关于开展年度财务决算审计的通知
财务|CWB|gb|报送国有资本经营预算执行情况
党建|DQGZB|jd|落实集团党委关于开展党纪学习教育的部署
党建|DQGZB|jd|配合集团巡察组完成巡察反馈问题整改
党建|DQGZB|jd|落实集团党委关于加强基层党组织标准化建设的通知
党建|DQGZB|gz|落实市国资委关于开展违规吃喝问题专项整治的通知
党建|DQGZB|jd|报送2026年度党建工作责任制考核自评报告
人事|RLZYB|jr|报送年度工资总额预算执行情况
人事|RLZYB|gz|落实市国资委关于做好高校毕业生招聘工作的通知
人事|RLZYB|jd|报送领导班子和领导人员年度考核材料
人事|RLZYB|jr|落实集团关于推行经理层成员任期制和契约化管理的通知
法务合规|FWHGB|gz|落实市国资委关于加强国有企业内部控制体系建设的意见
法务合规|FWHGB|jt|落实集团关于开展合同管理专项检查的通知
法务合规|FWHGB|jt|报送合规管理体系建设年度工作报告
信息化|JSYFB|jt|完成集团网络安全攻防演练发现问题整改
信息化|JSYFB|jt|落实集团关于推进数字化转型的实施意见
信息化|BGS|jt|落实集团关于协同办公平台统一部署的通知
采购|CGB|jt|落实集团关于加强供应商管理的指导意见
采购|CGB|jt|落实集团关于规范招标采购管理的通知
行政后勤|BGS|jt|落实集团关于加强公务用车管理的通知
行政后勤|BGS|jt|落实集团关于做好元旦春节期间有关工作的通知
行政后勤|BGS|jt|落实集团关于推进档案数字化工作的通知
生产|SCGLB|jt|报送质量管理体系内审问题整改情况
生产|SCGLB|jt|落实集团关于做好迎峰度冬能源保供的通知
科技创新|JSYFB|jt|报送年度研发投入和科技成果统计表
市场营销|SCYXB|jt|落实集团关于加强品牌管理工作的通知
""",
    "leadership": """
安全生产|AQHBB|dz|彻查三号车间叉车碰撞事故原因并落实整改
安全生产|SCGLB|zj|组织开展有限空间作业专项排查
安全生产|AQHBB|fz|完善危险化学品仓库视频监控和报警系统
安全生产|AQHBB|zj|开展全员安全生产责任制考核
环保|AQHBB|zj|研究解决厂区东侧噪声扰民问题
环保|AQHBB|fz|推进屋顶分布式光伏发电项目前期工作
经营管理|SCYXB|dz|研究制定第四季度冲刺全年销售目标的措施
经营管理|CWB|zj|研究压减2027年度非生产性支出的措施
经营管理|BGS|dz|起草2027年工作会议主报告
经营管理|SCGLB|zj|分析10月份产量下滑原因并提出对策
经营管理|BGS|zj|梳理总经理办公会议定事项落实情况
经营管理|SCGLB|zj|盘活闲置设备和低效资产
财务|CWB|zj|清理三年以上账龄的应收账款
财务|CWB|fz|研究降低财务费用的融资方案
财务|CWB|dz|做好年度审计准备工作
市场营销|SCYXB|dz|核实华远集团投诉的产品交付延误问题并答复客户
市场营销|SCYXB|zj|筹备2027年度经销商大会
市场营销|SCYXB|fz|拓展华东地区新能源客户市场
市场营销|SCYXB|zj|建立重点客户走访机制
科技创新|JSYFB|dz|加快推进新一代智能控制器研发项目
科技创新|JSYFB|zj|组织申报省级企业技术中心
科技创新|JSYFB|fz|梳理核心技术专利布局并提出保护方案
信息化|JSYFB|zj|加快推进ERP系统二期上线
信息化|BGS|fz|解决协同办公系统移动端登录缓慢问题
信息化|JSYFB|dz|开展数据安全风险评估
人事|RLZYB|dz|研究制定关键岗位人才梯队建设方案
人事|RLZYB|zj|优化一线员工绩效考核办法
人事|RLZYB|fz|做好2027届高校毕业生校园招聘
人事|RLZYB|zj|落实员工带薪年休假制度
党建|DQGZB|dz|筹备公司第三次党代会
党建|DQGZB|fz|做好青年员工思想动态调研
群团|DQGZB|dz|策划建厂四十周年系列纪念活动
群团|DQGZB|zj|做好困难职工冬季送温暖工作
行政后勤|BGS|zj|研究解决一线员工食堂就餐拥挤问题
行政后勤|BGS|fz|完成办公楼会议室改造
行政后勤|BGS|dz|做好集团领导来公司调研的接待保障
行政后勤|BGS|zj|规范公务接待和会议费管理
生产|SCGLB|dz|确保华远集团订单按期交付
生产|SCGLB|zj|推进二号生产线自动化改造
生产|SCGLB|fz|降低产品一次交检不合格率
采购|CGB|zj|核查钢材采购价格偏高问题
采购|CGB|fz|建立大宗原材料价格联动机制
法务合规|FWHGB|dz|妥善处置与宏达物流的合同纠纷
法务合规|FWHGB|zj|开展重大经营决策合法性审查回头看
法务合规|FWHGB|fz|完善合同审查流程并压缩审查时限
""",
    "department": """
行政后勤|BGS|lx:SCGLB|协调解决二号车间夜班通勤班车问题
行政后勤|BGS|hl|增设厂区电动自行车充电棚
行政后勤|BGS|lx:JSYFB|调整办公楼三层办公用房
行政后勤|BGS|hl|改善职工宿舍热水供应
信息化|JSYFB|lx:SCYXB|为市场营销部开通客户关系管理系统账号权限
信息化|JSYFB|hl|优化费用报销系统审批流程
信息化|JSYFB|lx:SCGLB|修复生产管理部MES系统报表导出故障
人事|RLZYB|lx:JSYFB|协调解决技术研发部紧缺岗位招聘问题
人事|RLZYB|hl|完善新员工导师带徒制度
人事|RLZYB|lx:SCYXB|明确外派销售人员补贴标准
财务|CWB|lx:CGB|加快办理采购部供应商预付款支付
财务|CWB|hl|简化差旅费报销票据要求
财务|CWB|lx:SCYXB|核对市场营销部年度销售费用台账
采购|CGB|lx:JSYFB|加快采购技术研发部实验设备
采购|CGB|lx:SCGLB|协调供应商解决包装材料质量问题
采购|CGB|hl|建立办公用品集中采购目录
法务合规|FWHGB|lx:SCYXB|审查市场营销部经销商协议文本
法务合规|FWHGB|lx:RLZYB|协助人力资源部处理劳动争议仲裁案件
法务合规|FWHGB|hl|编印员工合规手册
安全生产|AQHBB|lx:SCGLB|组织生产管理部新员工三级安全教育
安全生产|AQHBB|hl|在厂区主干道增设减速带和警示标识
环保|AQHBB|lx:SCGLB|协助生产管理部办理排污许可证变更
生产|SCGLB|lx:SCYXB|调整第四季度生产排产计划
生产|SCGLB|hl|推行车间“5S”现场管理
市场营销|SCYXB|lx:JSYFB|为技术研发部提供新品市场需求调研数据
市场营销|SCYXB|hl|更新公司宣传册和官网产品资料
群团|DQGZB|lx:RLZYB|组织各部门参加职工篮球赛
群团|DQGZB|hl|建设职工书屋
科技创新|JSYFB|lx:SCGLB|为生产管理部提供工艺改进技术支持
经营管理|BGS|lx:CWB|统一各部门周报模板和报送时间
""",
    "meeting": """
安全生产|AQHBB|aw|开展岁末年初安全生产隐患大排查
安全生产|SCGLB|aw|完成厂区消防设施全面检测
安全生产|AQHBB|aw|修订生产安全事故应急预案并组织演练
安全生产|AQHBB|aw|推进重大危险源在线监测系统建设
安全生产|SCGLB|aw|落实特种设备定期检验
环保|AQHBB|zb|推进厂区雨污分流改造
环保|AQHBB|zb|完成危险废物贮存间规范化改造
经营管理|CWB|jy|编制2027年度预算方案
经营管理|SCYXB|jy|制定应收账款回款考核办法
经营管理|SCGLB|jy|开展存货专项清理
经营管理|BGS|zb|修订“三重一大”决策制度实施办法
经营管理|BGS|ds|完成董事会授权管理制度修订
经营管理|CWB|ds|拟订2026年度利润分配预案
经营管理|SCGLB|zb|推进闲置厂房对外出租
财务|CWB|jy|开展费用预算执行情况专项分析
财务|CWB|zb|完成全面预算管理系统上线
市场营销|SCYXB|jy|制定新产品上市推广方案
市场营销|SCYXB|zb|参加2026年中国国际工业博览会
市场营销|SCYXB|jy|建立客户信用等级评价制度
科技创新|JSYFB|zb|完成高新技术企业复审申报
科技创新|JSYFB|zb|组建产学研联合实验室
信息化|JSYFB|zb|完成机房不间断电源更换
信息化|BGS|zb|推进公文电子化归档
人事|RLZYB|zb|完成中层管理人员竞聘上岗
人事|RLZYB|dw|制定年轻干部培养选拔工作方案
人事|RLZYB|zb|开展全员技能培训需求调查
人事|RLZYB|zb|修订员工福利管理办法
党建|DQGZB|dw|召开2026年度基层党组织书记述职评议会
党建|DQGZB|dw|开展党支部书记轮训
党建|DQGZB|dw|完成党员发展年度计划
党建|DQGZB|dw|开展意识形态工作责任制专项检查
群团|DQGZB|zb|筹备第五届职工代表大会第三次会议
群团|DQGZB|dw|组织开展劳动竞赛总结表彰
行政后勤|BGS|zb|完成年度固定资产盘点
行政后勤|BGS|zb|推进职工食堂承包经营招标
行政后勤|BGS|dw|做好年度党风廉政建设责任书签订
生产|SCGLB|jy|提升三号线设备综合效率
生产|SCGLB|zb|开展质量月活动总结
生产|SCGLB|jy|压降原材料库存
采购|CGB|zb|完成年度合格供应商评审
采购|CGB|jy|推进主要原材料战略采购协议签订
法务合规|FWHGB|zb|开展年度合规风险识别评估
法务合规|FWHGB|dw|开展廉洁风险防控排查
法务合规|FWHGB|zb|清理公司规章制度并汇编成册
安全生产|SCGLB|zb|完成老旧电气线路改造
""",
    "incoming": """
安全生产|AQHBB|yj|办理市应急管理局关于开展冬季安全生产检查的通知
安全生产|AQHBB|yj|答复市应急管理局关于危险化学品储存情况的询问
安全生产|AQHBB|yj|办理市应急管理局关于开展应急预案备案的通知
安全生产|AQHBB|yj|办理市应急管理局安全生产执法检查问题整改通知书
安全生产|AQHBB|xf|办理市消防救援支队关于消防安全重点单位检查的通知
安全生产|SCGLB|xf|落实市消防救援支队检查发现的消防通道堵塞整改
环保|AQHBB|hj|办理市生态环境局关于重点排污单位自行监测的通知
环保|AQHBB|hj|答复市生态环境局关于厂区废气排放投诉的核查函
环保|AQHBB|hj|办理市生态环境局关于重污染天气应急减排的通知
环保|AQHBB|hj|报送年度温室气体排放报告
财务|CWB|sw|办理市税务局关于研发费用加计扣除政策辅导的通知
财务|CWB|sw|答复市税务局关于增值税发票核查的函
财务|CWB|gh|答复工商银行城东支行关于补充授信资料的函
财务|CWB|gh|办理工商银行城东支行关于账户信息核实的函
财务|CWB|gh|办理工商银行城东支行关于流动资金贷款续期的通知
人事|RLZYB|rs|办理市人社局关于做好根治欠薪冬季专项行动的通知
人事|RLZYB|rs|答复市人社局关于职业技能等级认定备案的函
人事|RLZYB|rs|办理市人社局关于核定年度社会保险缴费基数的通知
人事|RLZYB|rs|报送年度劳动用工情况统计表
人事|RLZYB|rs|办理市人社局关于企业职工退休审批的通知
生产|SCGLB|sj|办理市市场监督管理局关于产品质量监督抽查的通知
生产|SCGLB|sj|办理市市场监督管理局关于特种设备安全隐患排查的通知
市场营销|SCYXB|sj|答复市市场监督管理局关于广告合规的问询函
市场营销|SCYXB|kh|办理华远集团关于产品交付延误的投诉函
市场营销|SCYXB|kh|答复华远集团关于年度框架协议续签的来函
市场营销|SCYXB|kh|办理华远集团关于质量异议索赔的函
法务合规|FWHGB|ls|答复正衡律师事务所关于合同纠纷的律师函
法务合规|FWHGB|ls|办理正衡律师事务所关于法律顾问服务续约的函
经营管理|CWB|tj|办理市统计局关于年度统计联网直报的通知
经营管理|BGS|tj|报送市统计局经济普查单位清查表
科技创新|JSYFB|kj|办理市科技局关于高新技术企业认定的通知
科技创新|JSYFB|kj|申报市科技局年度科技计划项目
行政后勤|BGS|da|办理市档案局关于档案工作年度检查的通知
行政后勤|BGS|gd|答复城东供电公司关于计划停电检修的通知
群团|DQGZB|xfj|办理市信访局转来的职工来信
群团|DQGZB|zg|办理市总工会关于开展职工技能大赛的通知
采购|CGB|gys|答复恒泰钢材关于货款支付的催告函
采购|CGB|wl|办理宏达物流关于运价调整的函
信息化|JSYFB|wx|办理市网信办关于网络安全检查的通知
信息化|JSYFB|wx|答复市网信办关于网站备案信息核查的函
""",
}

# Reference formats: {y} year, {n} number, {m}/{d} month and day of the assignment.
REFERENCES: dict[str, str] = {
    "jt": "集团办发〔{y}〕{n}号",
    "ja": "集团安发〔{y}〕{n}号",
    "jd": "集团党发〔{y}〕{n}号",
    "jr": "集团人发〔{y}〕{n}号",
    "jc": "集团财发〔{y}〕{n}号",
    "gz": "市国资发〔{y}〕{n}号",
    "gb": "市国资办函〔{y}〕{n}号",
    "dz": "董事长批示（{m}月{d}日）",
    "zj": "总经理批示（{m}月{d}日）",
    "fz": "分管副总经理批示（{m}月{d}日）",
    "zb": "总经理办公会纪要〔{y}〕第{n}期",
    "dw": "党委会纪要〔{y}〕第{n}期",
    "aw": "安全生产委员会纪要〔{y}〕第{n}期",
    "jy": "经营分析会纪要〔{y}〕第{n}期",
    "ds": "董事会决议〔{y}〕第{n}号",
    "lx": "{raiser}工作联系单〔{y}〕{n}号",
    "hl": "职工合理化建议〔{y}〕第{n}号",
    "yj": "市应急〔{y}〕{n}号",
    "xf": "市消防函〔{y}〕{n}号",
    "hj": "市环函〔{y}〕{n}号",
    "sw": "市税函〔{y}〕{n}号",
    "gh": "工行城东支行函〔{y}〕{n}号",
    "rs": "市人社函〔{y}〕{n}号",
    "sj": "市市监函〔{y}〕{n}号",
    "kh": "华远集团函〔{y}〕{n}号",
    "ls": "正衡律函〔{y}〕{n}号",
    "tj": "市统计函〔{y}〕{n}号",
    "kj": "市科技发〔{y}〕{n}号",
    "da": "市档案发〔{y}〕{n}号",
    "gd": "城东供电函〔{y}〕{n}号",
    "xfj": "市信访转〔{y}〕{n}号",
    "zg": "市总工发〔{y}〕{n}号",
    "gys": "恒泰钢材函〔{y}〕{n}号",
    "wl": "宏达物流函〔{y}〕{n}号",
    "wx": "市网信办函〔{y}〕{n}号",
}
LEADERS = {"dz": "董事长", "zj": "总经理", "fz": "分管副总经理"}
MEETINGS = {
    "zb": "总经理办公会",
    "dw": "党委会",
    "aw": "安全生产委员会会议",
    "jy": "经营分析会",
    "ds": "董事会",
}

PROGRESS_NOTES = (
    "已召开专题推进会，明确责任分工和时间节点。",
    "已完成现场调研，正在起草工作方案。",
    "方案初稿已完成，正在征求相关部门意见。",
    "已完成总体工作量的约{p}%，按计划推进。",
    "已与{assist}对接，配合事项已明确。",
    "相关材料已报分管领导审阅，待修改完善。",
    "已组织开展自查，完成{k}个车间（部门）的检查。",
    "已形成初步意见，拟提交下次总经理办公会研究。",
    "所需费用已纳入预算调整，采购流程已启动。",
    "外部单位资料尚未返回，已发函催要。",
    "已完成问题清单梳理，共{k}项，正在逐项整改。",
    "阶段性成果已报办公室备案。",
)
FEEDBACK_NOTES = (
    "承办部门书面反馈：已按要求完成，相关佐证材料已报办公室。",
    "承办部门反馈：整改已全部完成，已组织复查验收。",
    "承办部门反馈：工作方案已经分管领导审定，正在组织实施。",
    "承办部门反馈：已向来文单位书面答复，答复稿已存档。",
    "承办部门反馈：阶段性进展已报分管领导，下一步将加快推进。",
)
REMIND_BEFORE = (
    "请按期办结，于到期前反馈办理情况。",
    "该事项即将到期，请抓紧办理。",
    "领导关注此事，请加快推进并及时报告进展。",
    "请于本周五前报送阶段性进展。",
)
REMIND_OVERDUE = (
    "已超期{n}天，请承办部门说明原因并尽快办结。",
    "电话催办：已超期{n}天，承办人表示本周内办结。",
    "第二次催办：已超期{n}天，请于明天下班前书面反馈。",
    "已超期{n}天，已报告办公室主任，请加快办理。",
)
START_NOTES = (
    "",
    "已接收任务，正在制定工作方案。",
    "已签收，部门负责人已明确专人办理。",
)
DONE_NOTES = (
    "已办结，办理情况已书面报办公室。",
    "按要求完成，报告已报送。",
    "整改全部完成，已组织复查验收。",
    "已办结，相关资料已归档。",
    "已答复来文单位，事项办结。",
)
REOPEN_NOTES = (
    "办公室复核：佐证材料不全，退回承办部门补充完善。",
    "审结未通过：部分问题整改不到位，退回重新办理。",
)
EXTENSION_REASONS = (
    "涉及多个部门协调，且需等待集团批复，申请延期。",
    "设备供应商交货推迟，现场改造无法按期完成。",
    "需待年度审计结束后方可定稿，申请延期。",
    "外部单位资料尚未返回，申请适当延长办理时限。",
    "工作量较原计划明显增加，申请延期。",
)
APPROVE_NOTES = ("同意延期，请务必按新期限办结。", "同意，请抓紧推进。")
REFUSE_NOTES = ("不同意延期，请加派人手按原期限完成。", "理由不充分，请按原期限办结。")
CANCEL_REASONS = (
    "上级已撤销该项工作部署，不再办理。",
    "经领导同意，该事项暂缓执行。",
    "因机构调整，事项转由集团公司统一办理。",
    "来文单位已函告撤回。",
    "与其他督办事项重复，合并办理。",
)
EVAL_COMMENTS = {
    5: ("办理及时，成效明显，领导满意。", "高质量完成，可作为经验推广。"),
    4: ("按要求完成，材料规范。", "完成情况较好，反馈及时。"),
    3: ("基本完成，但进度偏慢、反馈不够及时。", "完成质量一般，部分内容需后续跟进。"),
    2: ("超期办结，且部分问题整改不到位。", "办理拖沓，多次催办才反馈。"),
    1: ("严重超期，敷衍应付，予以通报。",),
}

# How many items end in each situation: (state, timing, extension or reopen, count).
# timing: red/yellow/green for open items; yesterday/on_time/late for finished ones.
SCENARIOS: tuple[tuple[str, str, str | None, int], ...] = (
    ("assigned", "red", None, 6),
    ("assigned", "yellow", None, 5),
    ("assigned", "green", None, 16),
    ("in_progress", "red", None, 14),
    ("in_progress", "red", "refused", 3),
    ("in_progress", "red", "pending", 1),
    ("in_progress", "yellow", None, 8),
    ("in_progress", "yellow", "pending", 4),
    ("in_progress", "yellow", "approved", 2),
    ("in_progress", "green", None, 29),
    ("in_progress", "green", "approved", 4),
    ("in_progress", "green", "pending", 1),
    ("done", "yesterday", None, 5),
    ("done", "on_time", None, 24),
    ("done", "on_time", "approved", 4),
    ("done", "on_time", "reopened", 2),
    ("done", "late", None, 12),
    ("done", "late", "refused", 2),
    ("evaluated", "on_time", None, 30),
    ("evaluated", "on_time", "approved", 3),
    ("evaluated", "on_time", "reopened", 1),
    ("evaluated", "late", None, 10),
    ("evaluated", "late", "refused", 2),
    ("cancelled", "any", None, 11),
    ("cancelled", "any", "pending", 1),
)

# Rank of an event among events of one item on one day: registration first, then loose notes and
# reminders, then the item's own chain of steps in the order they were planned.
RANK_CREATE, RANK_LOOSE, RANK_STEP = 0, 1, 2


@dataclass(frozen=True)
class _Template:
    source: str
    category: str
    dept: str
    ref: str
    title: str


@dataclass
class _Event:
    day: date
    rank: int
    action: str
    author: str
    text: str = ""
    value: Any = None
    jitter: int = 0


@dataclass
class _Item:
    order: int
    template: _Template
    priority: str
    owner: str
    owner_id: int
    dept_id: int
    assigned_on: date
    due: date
    source_ref: str = ""
    detail: str = ""
    events: list[_Event] = field(default_factory=list)


# ---- public API ----------------------------------------------------------------------------


def has_data(session: OfficeSession) -> bool:
    """True when any department, person or task exists: one query, cheap on every `--demo` run."""
    stmt = select(
        or_(
            select(Department.id).exists(),
            select(Person.id).exists(),
            select(Task.id).exists(),
        )
    )
    return bool(session.execute(stmt).scalar())


def populate_demo(
    session: OfficeSession, *, reset: bool = False, seed: int = DEFAULT_SEED
) -> dict[str, int]:
    """Fill the database with the demo company; refuse to mix it into existing data.

    With reset every row of every table goes first (journal and counters included), so the
    demo starts at DB-…-0001 with an empty history, as a fresh office would.
    """
    if not reset and has_data(session):
        raise Conflict("demo.has_data")
    if reset:
        _wipe(session)
    env = session.env
    saved = (env.today, env.fixed_now, env.operator)
    try:
        counts = _DemoOffice(session, random.Random(seed)).build()
    finally:
        env.today, env.fixed_now, env.operator = saved
    from officedesk.models.task_log import TaskLog  # not needed by the cheap has_data() path

    counts["log_entries"] = session.execute(select(func.count()).select_from(TaskLog)).scalar_one()
    return counts


def ensure_demo(ctx: "AppContext") -> None:
    """Fill the demo database on its first use; one read when it is already filled.

    Only a demo context is ever filled, so a caller's mistake cannot pour demo data into an
    office's real (perhaps just created, still empty) database.
    """
    if not ctx.demo:
        return
    with ctx.read() as session:
        if has_data(session):
            return
    with ctx.write("demo") as session:
        # Another process may have filled it between our read and this write transaction.
        if not has_data(session):
            populate_demo(session)


# ---- wiping --------------------------------------------------------------------------------


def _wipe(session: OfficeSession) -> None:
    """Delete every row, children first; bulk statements bypass the journal on purpose."""
    from officedesk.journal import start_operation

    session.flush()
    load_all()  # models load lazily; a table nobody imported yet must be emptied too
    for table in reversed(SQLModel.metadata.sorted_tables):
        # A self-reference (department.parent_id is ON DELETE RESTRICT) blocks a one-statement
        # delete of parent and child rows, so cut those links first.
        for fk in table.foreign_keys:
            column = fk.parent
            if fk.column.table is table and column.nullable:
                session.execute(
                    update(table).where(column.is_not(None)).values({column.name: None})
                )
        session.execute(delete(table))
    session.expunge_all()
    # The operation row this session may already have written is gone: journal under a new one.
    start_operation(session, session.info.get("op_name") or "demo")


# ---- building ------------------------------------------------------------------------------


def _templates() -> list[_Template]:
    rows = []
    for source, block in ITEMS.items():
        for line in block.strip().splitlines():
            category, dept, ref, title = line.split("|")
            rows.append(_Template(source, category, dept, ref, title))
    return rows


def _scenarios() -> list[tuple[str, str, str | None]]:
    return [(state, timing, extra) for state, timing, extra, n in SCENARIOS for _ in range(n)]


def _duration(source: str, priority: str) -> int:
    """Calendar days from assignment to due, after the usual office rules (standards.md §5.7)."""
    if source in ("leadership", "superior"):
        return {"urgent": 5, "normal": 15, "difficult": 30}[priority]
    if source == "meeting":
        return {"urgent": 7, "normal": 20, "difficult": 30}[priority]
    if source == "incoming":
        return {"urgent": 7, "normal": 30, "difficult": 30}[priority]
    return {"urgent": 5, "normal": 15, "difficult": 30}[priority]


class _DemoOffice:
    """Plans the whole office in memory first, then replays it through the services."""

    def __init__(self, session: OfficeSession, rng: random.Random) -> None:
        self.session = session
        self.rng = rng
        self.env = session.env
        self.calendar = session.env.calendar
        self.today: date = session.env.today
        self.last = self._back(self.today - DAY)  # the last working day before today
        self.dept_ids: dict[str, int] = {}
        self.dept_names: dict[str, str] = {}
        self.members: dict[str, list[tuple[str, int]]] = {}
        self.internal: list[str] = []  # keys of internal departments, in catalogue order
        # The session's identity map holds records weakly; services hand back read models, so
        # without these references every service call would reload the task, its department
        # and its owner from the database (three times slower overall).
        self.pinned: list[Any] = []

    # -- calendar helpers; they never draw random numbers, so the draws do not depend on today

    def _back(self, day: date) -> date:
        while not self.calendar.is_workday(day):
            day -= DAY
        return day

    def _fwd(self, day: date) -> date:
        while not self.calendar.is_workday(day):
            day += DAY
        return day

    def _days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))

    def _between(self, low: date, high: date) -> date:
        """A working day in [low, high]; high itself when the span holds none."""
        span = max((high - low).days, 0)
        offset = self.rng.randint(0, span)
        low = self._fwd(low)
        if low > high:
            return high
        return max(self._back(min(low + timedelta(days=offset), high)), low)

    # -- the steps

    def build(self) -> dict[str, int]:
        self._directory()
        items = self._plan()
        for item in sorted(items, key=lambda i: (i.assigned_on, i.order)):
            self._replay(item)
        return {
            "departments": len(self.dept_ids),
            "people": sum(len(m) for m in self.members.values()),
            "tasks": len(items),
        }

    def _directory(self) -> None:
        from officedesk.services.directory import create_department, create_person
        from officedesk.services.pinyin_keys import pinyin_keys

        for name, code, kind, parent, note in DEPARTMENTS:
            data = {"name": name, "code": code, "kind": kind, "parent": parent, "note": note}
            dept = create_department(self.session, data)
            self.dept_ids[code or name] = dept.id
            self.dept_names[code or name] = name
            if kind == "internal":
                self.internal.append(code or name)
        used_emails: set[str] = set()
        for name, dept_key, title in PEOPLE:
            full, _initials = pinyin_keys(name, person=True)
            domain = "example.com" if dept_key in self.internal else "example.org"
            email, number = f"{full}@{domain}", 2
            while email in used_emails:  # the second 张伟 gets zhangwei2@…
                email, number = f"{full}{number}@{domain}", number + 1
            used_emails.add(email)
            data = {
                "name": name,
                "dept": str(self.dept_ids[dept_key]),
                "title": title,
                "phone": self._phone(),
                "email": email,
            }
            person = create_person(self.session, data)
            self.members.setdefault(dept_key, []).append((name, person.id))
        self.pinned.extend(self.session.exec(select_rows(Department)).all())
        self.pinned.extend(self.session.exec(select_rows(Person)).all())

    def _phone(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            return f"010-6{rng.randint(0, 9_999_999):07d}"
        if roll < 0.6:
            return f"010-6{rng.randint(0, 9_999_999):07d} 转 {rng.randint(8001, 8999)}"
        prefix = rng.choice(("138", "139", "136", "135", "186", "158", "150", "177"))
        return f"{prefix}{rng.randint(0, 99_999_999):08d}"

    def _plan(self) -> list[_Item]:
        rng = self.rng
        templates = _templates()
        scenarios = _scenarios()
        # Titles and situations are drawn before any date arithmetic, so the same seed gives the
        # same titles in the same situations whatever today is.
        rng.shuffle(templates)
        rng.shuffle(scenarios)
        picks = list(zip(templates, scenarios, strict=True))
        priorities = rng.choices(("urgent", "normal", "difficult"), (2, 6, 2), k=len(picks))
        owners = [rng.choice(self.members[tpl.dept]) for tpl, _ in picks]
        items = []
        for order, ((tpl, scenario), priority, owner) in enumerate(
            zip(picks, priorities, owners, strict=True)
        ):
            item = _Item(
                order=order,
                template=tpl,
                priority=priority,
                owner=owner[0],
                owner_id=owner[1],
                dept_id=self.dept_ids[tpl.dept],
                assigned_on=self.today,
                due=self.today,
            )
            state, timing, extra = scenario
            if state in ("assigned", "in_progress"):
                self._plan_open(item, state, timing, extra)
            elif state == "cancelled":
                self._plan_cancelled(item, extra)
            else:
                self._plan_finished(item, state, timing, extra)
            self._describe(item)
            items.append(item)
        return items

    def _event(self, item: _Item, day: date, action: str, author: str, **kw: Any) -> None:
        rank = RANK_CREATE if action == "create" else kw.pop("rank", RANK_STEP)
        jitter = self.rng.randint(0, SLOT_MINUTES // 2)
        item.events.append(_Event(day, rank, action, author, jitter=jitter, **kw))

    def _register(self, item: _Item) -> None:
        self._event(item, item.assigned_on, "create", self.rng.choice(REGISTRARS))

    def _start(self, item: _Item, latest: date) -> date:
        rng = self.rng
        day = max(self._back(min(item.assigned_on + self._days(0, 3), latest)), item.assigned_on)
        self._event(item, day, "start", item.owner, text=rng.choice(START_NOTES))
        return day

    def _notes(self, item: _Item, low: date, high: date, count: int) -> None:
        rng = self.rng
        for _ in range(count):
            text = rng.choice(PROGRESS_NOTES).format(
                p=rng.choice((30, 40, 50, 60, 70, 80)),
                k=rng.randint(3, 12),
                assist=self.dept_names[rng.choice(self.internal)],
            )
            day = self._between(low, high)
            self._event(item, day, "note", item.owner, text=text, rank=RANK_LOOSE)

    def _reminders(self, item: _Item, low: date, high: date, count: int, due: date) -> None:
        rng = self.rng
        for _ in range(count):
            day = self._between(low, high)
            late = (day - due).days
            pool = REMIND_OVERDUE if late > 0 else REMIND_BEFORE
            text = rng.choice(pool).format(n=late)
            self._event(item, day, "remind", rng.choice(SUPERVISORS), text=text, rank=RANK_LOOSE)

    def _extension(
        self, item: _Item, kind: str, requested: date, new_due: date, latest: date
    ) -> None:
        rng = self.rng
        reason = rng.choice(EXTENSION_REASONS)
        self._event(item, requested, "extend", item.owner, text=reason, value=new_due)
        if kind == "pending":
            return
        decided = max(min(self._fwd(requested + self._days(1, 2)), latest), requested)
        approve = kind == "approved"
        note = rng.choice(APPROVE_NOTES if approve else REFUSE_NOTES)
        self._event(item, decided, "decide", DIRECTOR, text=note, value=approve)

    def _plan_open(self, item: _Item, state: str, timing: str, extra: str | None) -> None:
        rng, today, last = self.rng, self.today, self.last
        duration = _duration(item.template.source, item.priority)
        if timing == "red":
            due = self._back(today - self._days(1, 30))
        elif timing == "yellow":
            ahead = rng.randint(0, 3)
            due = self.calendar.add_workdays(today, ahead) if ahead else self._fwd(today)
        else:
            due = self.calendar.add_workdays(today, rng.randint(4, 40))
        original = self._back(due - self._days(7, 20)) if extra == "approved" else due
        assigned = min(
            self._back(original - timedelta(days=duration)), self._back(last - self._days(0, 2))
        )
        item.assigned_on, item.due = assigned, original
        self._register(item)
        began = self._start(item, last) if state == "in_progress" else assigned
        if extra == "approved":
            asked = max(self._back(min(original - DAY, last) - self._days(0, 4)), began)
            self._extension(item, "approved", asked, due, last)
        elif extra == "refused":
            asked = max(self._back(due - self._days(1, 4)), began)
            self._extension(item, "refused", asked, self._fwd(due + self._days(7, 20)), last)
        elif extra == "pending":
            asked = max(self._back(last - self._days(0, 3)), began)
            self._extension(item, "pending", asked, self._fwd(due + self._days(7, 20)), last)
        if state == "in_progress":
            self._notes(item, began, last, rng.randint(1, 3))
            if rng.random() < 0.3:
                self._feedback(item, self._between(began, last))
        if timing == "red":
            self._reminders(item, due + DAY, last, rng.randint(1, 3), due)
        elif timing == "yellow" and rng.random() < 0.6:
            self._reminders(item, max(assigned, last - timedelta(days=3)), last, 1, due)
        elif rng.random() < 0.15:
            self._reminders(item, assigned, last, 1, due)

    def _feedback(self, item: _Item, day: date) -> None:
        text = self.rng.choice(FEEDBACK_NOTES)
        self._event(item, day, "feedback", item.owner, text=text, rank=RANK_LOOSE)

    def _plan_finished(self, item: _Item, state: str, timing: str, extra: str | None) -> None:
        rng, today, last = self.rng, self.today, self.last
        duration = _duration(item.template.source, item.priority)
        if timing == "yesterday":
            finished, late = last, rng.random() < 0.3
        else:
            finished, late = self._back(today - self._days(2, 150)), timing == "late"
        if extra == "approved":
            original = self._back(finished - self._days(1, 8))
            due = self._fwd(finished + self._days(0, 6))
        elif late:
            original = due = self._back(finished - self._days(1, 20))
        else:
            original = due = self._fwd(finished + self._days(0, max(0, duration - 3)))
        assigned = min(self._back(original - timedelta(days=duration)), self._back(finished - DAY))
        item.assigned_on, item.due = assigned, original
        self._register(item)
        began = self._start(item, finished)
        if extra == "approved":
            asked = max(self._back(original - self._days(1, 4)), began)
            self._extension(item, "approved", asked, due, finished)
        elif extra == "refused":
            asked = max(self._back(due - self._days(1, 4)), began)
            self._extension(item, "refused", asked, self._fwd(due + self._days(7, 20)), finished)
        self._notes(item, began, finished, rng.randint(1, 3))
        if late:
            self._reminders(item, due + DAY, finished, rng.randint(1, 3), due)
        elif extra != "reopened" and rng.random() < 0.25:
            self._reminders(item, began, min(due, finished), 1, due)
        if rng.random() < 0.7:
            self._feedback(item, finished)
        if extra == "reopened":
            first = max(self._back(finished - self._days(3, 10)), began)
            self._event(item, first, "done", item.owner, text=rng.choice(DONE_NOTES))
            again = max(min(self._fwd(first + self._days(1, 2)), finished), first)
            self._event(item, again, "reopen", DIRECTOR, text=rng.choice(REOPEN_NOTES))
        self._event(item, finished, "done", item.owner, text=rng.choice(DONE_NOTES))
        if state == "evaluated":
            judged = max(min(self._fwd(finished + self._days(1, 5)), last), finished)
            on_time = finished <= due
            score = rng.choice((5, 5, 4, 4, 3) if on_time else (3, 2, 2, 1))
            comment = rng.choice(EVAL_COMMENTS[score])
            self._event(item, judged, "evaluate", DIRECTOR, text=comment, value=score)

    def _plan_cancelled(self, item: _Item, extra: str | None) -> None:
        rng = self.rng
        duration = _duration(item.template.source, item.priority)
        ended = self._back(self.today - self._days(1, 120))
        assigned = self._back(ended - self._days(3, 40))
        item.assigned_on, item.due = assigned, self._fwd(assigned + timedelta(days=duration))
        self._register(item)
        began = self._start(item, ended) if rng.random() < 0.5 else assigned
        if extra == "pending":
            asked = self._between(began, ended)
            self._extension(item, "pending", asked, self._fwd(item.due + self._days(7, 20)), ended)
        if rng.random() < 0.5:
            self._notes(item, began, ended, 1)
        self._event(item, ended, "cancel", DIRECTOR, text=rng.choice(CANCEL_REASONS))

    def _describe(self, item: _Item) -> None:
        """The source reference and a detail text that reads like a 交办通知单."""
        rng = self.rng
        tpl = item.template
        key, _, raiser = tpl.ref.partition(":")
        when = item.assigned_on
        day_of_year = when.timetuple().tm_yday
        numbers = {
            "zb": (day_of_year - 1) // 14 + 1,
            "dw": when.month,
            "jy": when.month,
            "aw": (when.month - 1) // 3 + 1,
            "ds": (when.month - 1) // 3 + 1,
        }
        number = numbers.get(key, day_of_year // 4 + rng.randint(1, 4))
        raiser_name = self.dept_names.get(raiser, "")
        item.source_ref = REFERENCES[key].format(
            y=when.year, n=number, m=when.month, d=when.day, raiser=raiser_name
        )
        dept = self.dept_names[tpl.dept]
        others = [code for code in self.internal if code != tpl.dept]
        assist = self.dept_names[rng.choice(others)]
        if tpl.source == "superior":
            item.detail = (
                f"根据{item.source_ref}要求，由{dept}牵头办理，{assist}配合。"
                "办结后将办理情况书面报办公室，由办公室统一向上级报送。"
            )
        elif tpl.source == "leadership":
            item.detail = f"{LEADERS[key]}批示：请{dept}抓紧研究落实，办理情况及时报告。"
        elif tpl.source == "meeting":
            item.detail = (
                f"{MEETINGS[key]}议定：由{dept}负责落实，{assist}配合，办理情况在下次会议上汇报。"
            )
        elif key == "lx":
            item.detail = f"{raiser_name}提出需协调办理的事项，由{dept}负责办理并答复提出部门。"
        elif key == "hl":
            item.detail = f"职工合理化建议，经办公室初审，转{dept}研究办理并答复建议人。"
        else:
            item.detail = (
                f"来文：{item.source_ref}。由{dept}主办，按来文要求按期答复，"
                "答复稿报办公室审核后发出。"
            )

    # -- replaying through the services

    def _clock(self, event: _Event, slot: int) -> None:
        """Move the session to the moment and the person of one step."""
        minute = FIRST_SLOT_MINUTE + slot * SLOT_MINUTES + event.jitter
        local = datetime(event.day.year, event.day.month, event.day.day, tzinfo=BEIJING)
        self.env.today = event.day
        self.env.fixed_now = (local + timedelta(minutes=minute)).astimezone(UTC)
        self.env.operator = event.author

    def _replay(self, item: _Item) -> None:
        from officedesk.services import tasks

        session = self.session
        events = sorted(
            enumerate(item.events), key=lambda pair: (pair[1].day, pair[1].rank, pair[0])
        )
        task_id = 0
        slot, slot_day = 0, None
        for _, event in events:
            slot = slot + 1 if event.day == slot_day else 0
            slot_day = event.day
            self._clock(event, slot)
            action, text = event.action, event.text
            if action == "create":
                task_id = tasks.create_task(session, self._task_data(item)).id
                self.pinned.append(session.get(Task, task_id))
            elif action == "start":
                tasks.start_task(session, task_id, text)
            elif action in ("note", "feedback"):
                tasks.add_log_entry(session, task_id, text, kind=action)
            elif action == "remind":
                tasks.remind_task(session, task_id, text)
            elif action == "extend":
                tasks.request_extension(session, task_id, event.value, text)
            elif action == "decide":
                tasks.decide_extension(session, task_id, event.value, text)
            elif action == "done":
                tasks.complete_task(session, task_id, text, event.day)
            elif action == "reopen":
                tasks.reopen_task(session, task_id, text)
            elif action == "evaluate":
                tasks.evaluate_task(session, task_id, event.value, text)
            elif action == "cancel":
                tasks.cancel_task(session, task_id, text)
            else:  # pragma: no cover - a typo in the plan above
                raise AssertionError(action)

    def _task_data(self, item: _Item) -> dict[str, Any]:
        tpl = item.template
        return {
            "title": tpl.title,
            "detail": item.detail,
            "source": tpl.source,
            "source_ref": item.source_ref,
            "category": tpl.category,
            "priority": item.priority,
            "dept": str(item.dept_id),
            "owner": str(item.owner_id),
            "assigned_on": item.assigned_on,
            "due": item.due,
        }
