"""The demo's reference data: lines of work, a service catalogue of real front-desk items
with their papers, grid areas, names and notes for generated residents and matters.

This is what `manage.py seed_demo` loads; real committees keep their catalogue in
Django admin (服务事项), maintained by the street office."""

STREET_OFFICE = {"code": "QYL", "name": "曲阳路街道办事处"}

COMMITTEES = [
    {"code": "QY01", "name": "玉田新村居委会", "address": "玉田路 350 弄 12 号一楼", "phone": "021-65430101"},
    {"code": "QY02", "name": "运光新村居委会", "address": "运光路 88 弄 3 号", "phone": "021-65430202"},
    {"code": "QY03", "name": "东体小区居委会", "address": "东体育会路 560 弄 1 号", "phone": "021-65430303"},
]

LINES = [
    {"code": "minzheng", "name": "民政", "name_en": "Civil affairs"},
    {"code": "shebao", "name": "社保就业", "name_en": "Social insurance and employment"},
    {"code": "weijian", "name": "卫健/计生", "name_en": "Health and family planning"},
    {"code": "laoling", "name": "老龄", "name_en": "Elderly services"},
    {"code": "canlian", "name": "残联", "name_en": "Disability services"},
    {"code": "wenjiao", "name": "文教", "name_en": "Culture and education"},
    {"code": "pingan", "name": "平安/综治", "name_en": "Safety and mediation"},
    {"code": "zhufang", "name": "住房/物业", "name_en": "Housing and property"},
    {"code": "dangjian", "name": "党建", "name_en": "Party affairs"},
    {"code": "tuiyi", "name": "退役军人", "name_en": "Veterans"},
    {"code": "chengguan", "name": "城管/环境", "name_en": "Environment and city order"},
]

ID = "申请人身份证原件及复印件"
HUKOU = "户口簿原件及复印件"


def _item(line, name, name_en, materials, limit, on_the_spot, seal, description):
    return {"line": line, "name": name, "name_en": name_en, "materials": materials, "time_limit_days": limit,
            "on_the_spot": on_the_spot, "seal_permitted": seal, "description": description}


SERVICE_ITEMS = [
    _item("minzheng", "居住证明", "Certificate of residence", [ID, HUKOU, "房产证或租赁合同"], 0, True, True,
          "证明居民在本辖区实际居住，材料齐全当场出具。"),
    _item("minzheng", "困难情况证明", "Certificate of hardship", [ID, HUKOU, "收入情况说明", "相关病历或失业证明"], 3, False, True,
          "为申请救助、减免等出具家庭困难情况证明。"),
    _item("minzheng", "低保申请", "Minimum living allowance", [ID, HUKOU, "家庭成员收入证明", "银行卡复印件", "家庭财产申报表"], 20, False, False,
          "受理后入户调查、公示，报街道审核。"),
    _item("minzheng", "临时救助申请", "Temporary assistance", [ID, HUKOU, "遭遇困难的相关证明"], 10, False, False,
          "因突发事件生活陷入困境的家庭申请临时救助。"),
    _item("minzheng", "大病医疗救助", "Medical assistance for serious illness", [ID, HUKOU, "医疗费用发票", "出院小结"], 15, False, False,
          "低保、低收入家庭自负医疗费用的救助。"),
    _item("minzheng", "婚姻登记咨询", "Marriage registration advice", [ID], 0, True, False,
          "告知婚姻登记地点、预约方式和所需材料。"),
    _item("shebao", "就业失业登记", "Employment and unemployment registration", [ID, "退工单或解除劳动合同证明"], 0, True, False,
          "办理失业登记，领取就业失业登记证。"),
    _item("shebao", "灵活就业登记", "Flexible employment registration", [ID, "灵活就业情况说明"], 3, False, False,
          "从事灵活就业的居民登记，衔接社保缴费。"),
    _item("shebao", "城乡居民医保参保登记", "Residents' medical insurance enrolment", [ID, HUKOU, "近期一寸照片"], 5, False, False,
          "未参加职工医保的居民办理参保登记。"),
    _item("shebao", "创业扶持咨询", "Start-up support advice", [ID, "创业计划书"], 5, False, False,
          "介绍创业担保贷款、场地补贴等政策并转介。"),
    _item("weijian", "孕妇联系卡（母子健康手册）", "Maternal health booklet", [ID, "结婚证", "生育登记回执"], 0, True, False,
          "为孕妇办理母子健康手册，衔接社区卫生服务中心建档。"),
    _item("weijian", "生育登记", "Birth registration", [ID, "结婚证", HUKOU], 0, True, False,
          "夫妻生育子女登记，材料齐全当场办理。"),
    _item("weijian", "独生子女父母奖励申请", "One-child parents' reward", [ID, "独生子女父母光荣证", "退休证明"], 10, False, False,
          "符合条件的独生子女父母退休后申领奖励。"),
    _item("weijian", "计划生育家庭特别扶助", "Special support for family-planning families", [ID, HUKOU, "子女死亡或伤残证明"], 20, False, False,
          "计划生育特殊家庭扶助金申请。"),
    _item("weijian", "家庭医生签约", "Family doctor contract", [ID, "医保卡"], 0, True, False,
          "协助居民与社区卫生服务中心家庭医生签约。"),
    _item("laoling", "高龄津贴申请", "Old-age allowance", [ID, HUKOU, "本人银行卡"], 10, False, False,
          "年满 65 周岁的本市户籍老人申领老年综合津贴。"),
    _item("laoling", "敬老卡申领", "Senior citizen card", [ID, "近期一寸照片"], 5, False, False,
          "年满 60 周岁老人申领敬老卡，享受公交等优待。"),
    _item("laoling", "养老服务补贴申请", "Elderly care subsidy", [ID, HUKOU, "收入证明", "长护险评估结果"], 15, False, False,
          "经济困难老人申请居家养老服务补贴。"),
    _item("laoling", "长护险评估申请", "Long-term care insurance assessment", [ID, "医保卡", "病历资料"], 10, False, False,
          "60 周岁以上参保老人申请长期护理保险需求评估。"),
    _item("laoling", "老年助餐登记", "Meal service for the elderly", [ID], 0, True, False,
          "为老人登记社区助餐点就餐。"),
    _item("canlian", "残疾人证申办", "Disability certificate", [ID, HUKOU, "近期二寸照片三张", "相关病历"], 20, False, False,
          "受理后转街道残联，安排指定医院评定。"),
    _item("canlian", "残疾人辅助器具申请", "Assistive devices", [ID, "残疾人证"], 10, False, False,
          "申请轮椅、助听器等辅助器具适配。"),
    _item("canlian", "重残无业人员生活补助", "Allowance for unemployed severely disabled", [ID, "残疾人证", HUKOU], 15, False, False,
          "重度残疾且无业人员的生活补助申请。"),
    _item("wenjiao", "入学居住情况证明", "Residence proof for school enrolment", [ID, HUKOU, "房产证"], 0, True, True,
          "为子女入学提供实际居住情况证明。"),
    _item("wenjiao", "社区学校课程报名", "Community school enrolment", [ID], 0, True, False,
          "报名参加社区学校、老年大学课程。"),
    _item("wenjiao", "志愿者登记", "Volunteer registration", [ID], 0, True, False,
          "登记成为社区志愿者。"),
    _item("pingan", "邻里纠纷调解", "Neighbour dispute mediation", ["当事人身份证", "纠纷情况说明"], 10, False, False,
          "人民调解委员会受理邻里纠纷，组织双方调解。"),
    _item("pingan", "流动人口居住登记", "Registration of non-local residents", [ID, "租赁合同", "房东身份证复印件"], 0, True, False,
          "来沪人员办理居住登记。"),
    _item("pingan", "居住证积分咨询", "Residence permit points advice", [ID, "居住证"], 3, False, False,
          "解答居住证积分政策并转介受理窗口。"),
    _item("pingan", "无犯罪记录证明咨询", "Certificate of no criminal record advice", [ID], 0, True, False,
          "告知到派出所办理的流程与材料。"),
    _item("zhufang", "房屋租赁登记备案", "Rental registration", ["出租人身份证", "承租人身份证", "租赁合同", "房产证"], 5, False, False,
          "协助办理房屋租赁合同登记备案。"),
    _item("zhufang", "物业纠纷协调", "Property management dispute", ["情况说明", "相关照片或票据"], 10, False, False,
          "协调业主与物业公司之间的纠纷。"),
    _item("zhufang", "公共租赁住房申请咨询", "Public rental housing advice", [ID, HUKOU, "收入证明"], 5, False, False,
          "介绍公租房、廉租房申请条件并转介。"),
    _item("zhufang", "加装电梯意见征询", "Elevator retrofit consultation", ["业主身份证", "房产证", "意见征询表"], 20, False, False,
          "组织多层住宅加装电梯的业主意见征询。"),
    _item("dangjian", "党员组织关系转接", "Party membership transfer", ["组织关系介绍信", "党员身份证"], 5, False, True,
          "流入、流出党员组织关系转接。"),
    _item("tuiyi", "退役军人优待证申领", "Veterans' preferential treatment card", [ID, "退役证件", "近期二寸照片"], 15, False, False,
          "退役军人和其他优抚对象申领优待证。"),
    _item("tuiyi", "退役军人信息采集", "Veterans' information collection", [ID, "退役证件"], 0, True, False,
          "退役军人信息采集与更新。"),
    _item("chengguan", "垃圾分类问题反映", "Waste sorting complaint", ["问题位置与照片"], 5, False, False,
          "反映小区垃圾分类投放、清运问题。"),
    _item("chengguan", "楼道堆物清理", "Corridor clutter removal", ["问题位置与照片"], 5, False, False,
          "楼道、消防通道堆物的劝导与清理。"),
    _item("chengguan", "违章搭建反映", "Illegal construction report", ["问题位置与照片"], 10, False, False,
          "受理违章搭建线索，上报街道城管中队。"),
]

GRID_AREA_NAMES = ["第一片区", "第二片区", "第三片区", "第四片区", "第五片区", "第六片区"]
GRID_BUILDINGS = ["1–12号楼", "13–24号楼", "25–36号楼", "37–48号楼", "49–60号楼", "沿街商铺及61–66号楼"]

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡")
GIVEN_NAMES = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
    "霞", "平", "刚", "桂英", "建华", "建国", "玉兰", "文", "华", "红", "英", "海", "鹏", "辉", "斌", "婷", "雪",
    "琳", "晨", "欣", "浩", "宇", "佳", "俊", "凤英", "秀兰", "德明", "志强", "国平", "美玲", "海燕", "丹",
    "晓东", "晓燕", "春梅", "小红", "立新", "卫东", "雅琴", "慧", "颖", "蕾", "梅", "萍", "健", "亮", "斐",
    "嘉怡", "子涵", "一鸣", "思远", "若楠", "梓萱", "宏伟", "建军", "玉珍", "金凤", "荣", "兰英", "文杰", "晓峰",
]
STREETS = ["玉田路", "运光路", "东体育会路", "赤峰路", "水电路", "广灵二路", "中山北一路", "密云路", "凉城路",
           "车站北路", "大连西路", "仁德路"]
VISIT_NOTES = [
    "咨询高龄津贴办理流程", "补交户口簿复印件", "开具居住证明", "询问低保审核进度", "办理敬老卡", "反映楼道灯不亮",
    "咨询孩子入学证明", "询问医保参保", "登记志愿服务", "咨询残疾人证评定", "反映邻居噪音", "办理生育登记",
    "咨询长护险评估", "询问公租房条件", "反映垃圾清运不及时", "办理居住登记", "咨询退役军人优待证", "家庭医生签约",
    "老人助餐登记", "反映物业维修拖延", "询问加装电梯进度", "咨询临时救助", "开具困难证明", "咨询灵活就业社保",
    "询问党员组织关系转接", "登记社区学校课程", "反映违章搭建", "咨询独生子女奖励", "补交银行卡复印件", "电话询问办理时间",
]
CASE_TITLES = [
    ("chengguan", "楼道堆物影响通行"), ("chengguan", "垃圾箱房异味严重"), ("chengguan", "绿化带被占用种菜"),
    ("chengguan", "违章搭建阳光房"), ("pingan", "空调外机滴水邻里纠纷"), ("pingan", "楼上漏水邻里纠纷"),
    ("pingan", "夜间噪音扰民"), ("pingan", "群租隐患排查"), ("zhufang", "电梯频繁故障"), ("zhufang", "屋顶渗水待维修"),
    ("zhufang", "物业费争议"), ("zhufang", "小区停车位纠纷"), ("minzheng", "独居老人需要帮扶"),
    ("minzheng", "低保家庭复核"), ("minzheng", "临时困难需救助"), ("laoling", "高龄老人走访发现需助餐"),
    ("laoling", "老人申请居家养老服务"), ("canlian", "残疾人无障碍设施需求"), ("weijian", "孕产妇随访"),
    ("weijian", "疫苗接种咨询转介"), ("shebao", "失业人员就业援助"), ("shebao", "医保断缴咨询"),
    ("wenjiao", "社区活动室开放时间"), ("tuiyi", "退役军人困难帮扶"), ("dangjian", "流动党员报到"),
    ("chengguan", "共享单车乱停放"), ("pingan", "消防通道被堵"), ("zhufang", "二次供水水质反映"),
    ("laoling", "老人跌倒后需照护"), ("minzheng", "残疾人家庭临时救助"),
]
