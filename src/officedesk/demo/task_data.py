"""The demo office's supervision items: their cast, titles, situations and the phrases of their
logs. Data only, kept apart from the code that replays them through the services (demo/task.py).
"""

DIRECTOR = "王建国"  # decides extensions, evaluates, cancels
SUPERVISORS = ("单立军", "曾晓燕")  # chase (催办)
REGISTRARS = ("单立军", "曾晓燕", "李娜")  # register new items

# Supervision items per source: "category|owning department|reference kind|title".
# A reference kind "lx:CODE" names the department that raised the matter. {year}, {next} and
# {last} in a title are this, next and last year, so that "next year's budget" stays next year's.
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
经营管理|CWB|jc|报送{next}年度投资计划建议
经营管理|SCGLB|jt|落实集团关于开展降本增效专项行动的通知
经营管理|BGS|gz|报送对标世界一流企业价值创造行动总结
经营管理|SCYXB|jt|落实集团关于加强应收账款回收的工作要求
财务|CWB|gz|报送{year}年度国有资产统计快报
财务|CWB|jc|落实集团关于压降“两金”占用的工作要求
财务|CWB|jc|落实集团关于开展年度财务决算审计的通知
财务|CWB|gb|报送国有资本经营预算执行情况
党建|DQGZB|jd|落实集团党委关于开展党纪学习教育的部署
党建|DQGZB|jd|配合集团巡察组完成巡察反馈问题整改
党建|DQGZB|jd|落实集团党委关于加强基层党组织标准化建设的通知
党建|DQGZB|gz|落实市国资委关于开展违规吃喝问题专项整治的通知
党建|DQGZB|jd|报送{year}年度党建工作责任制考核自评报告
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
经营管理|CWB|zj|研究压减{next}年度非生产性支出的措施
经营管理|BGS|dz|起草{next}年工作会议主报告
经营管理|SCGLB|zj|分析10月份产量下滑原因并提出对策
经营管理|BGS|zj|梳理总经理办公会议定事项落实情况
经营管理|SCGLB|zj|盘活闲置设备和低效资产
财务|CWB|zj|清理三年以上账龄的应收账款
财务|CWB|fz|研究降低财务费用的融资方案
财务|CWB|dz|做好年度审计准备工作
市场营销|SCYXB|dz|核实华远集团投诉的产品交付延误问题并答复客户
市场营销|SCYXB|zj|筹备{next}年度经销商大会
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
人事|RLZYB|fz|做好{next}届高校毕业生校园招聘
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
经营管理|CWB|jy|编制{next}年度预算方案
经营管理|SCYXB|jy|制定应收账款回款考核办法
经营管理|SCGLB|jy|开展存货专项清理
经营管理|BGS|zb|修订“三重一大”决策制度实施办法
经营管理|BGS|ds|完成董事会授权管理制度修订
经营管理|CWB|ds|拟订{last}年度利润分配预案
经营管理|SCGLB|zb|推进闲置厂房对外出租
财务|CWB|jy|开展费用预算执行情况专项分析
财务|CWB|zb|完成全面预算管理系统上线
市场营销|SCYXB|jy|制定新产品上市推广方案
市场营销|SCYXB|zb|参加{year}年中国国际工业博览会
市场营销|SCYXB|jy|建立客户信用等级评价制度
科技创新|JSYFB|zb|完成高新技术企业复审申报
科技创新|JSYFB|zb|组建产学研联合实验室
信息化|JSYFB|zb|完成机房不间断电源更换
信息化|BGS|zb|推进公文电子化归档
人事|RLZYB|zb|完成中层管理人员竞聘上岗
人事|RLZYB|dw|制定年轻干部培养选拔工作方案
人事|RLZYB|zb|开展全员技能培训需求调查
人事|RLZYB|zb|修订员工福利管理办法
党建|DQGZB|dw|召开{year}年度基层党组织书记述职评议会
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

# Calendar days from assignment to due by source and priority (standards.md §5.7): a leader's
# instruction 5 / 15 / 30, a meeting resolution 20, a document to handle 30.
DURATIONS: dict[str, dict[str, int]] = {
    "leadership": {"urgent": 5, "normal": 15, "difficult": 30},
    "superior": {"urgent": 5, "normal": 15, "difficult": 30},
    "department": {"urgent": 5, "normal": 15, "difficult": 30},
    "meeting": {"urgent": 7, "normal": 20, "difficult": 30},
    "incoming": {"urgent": 7, "normal": 30, "difficult": 30},
}
