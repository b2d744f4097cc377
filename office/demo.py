"""Demo catalogue: the reference data that `manage.py seed_demo` loads.

Lines of work (条线), a service catalogue of real front-desk items with the papers each one
needs (in the order the one-time notice, 一次性告知, lists them), the time limit in working
days (限时办结), whether it can be finished at the desk, and whether the committee seal may
be used for it (印章使用准入); plus grid areas (分片包干), names and notes for generated
residents, visits and cases, and three fictional committees under 曲阳路街道.

Only the demo uses this module. Real committees maintain their catalogue in Django admin
(服务事项), where the street office keeps it up to date. Pure data: no Django imports.
"""

STREET_OFFICE = {"code": "QYL", "name": "曲阳路街道办事处"}

COMMITTEES = [
    {"code": "QY01", "name": "玉田新村居委会", "address": "玉田路350弄12号一楼", "phone": "021-65430101"},
    {"code": "QY02", "name": "沁园新村居委会", "address": "沁水路88弄3号", "phone": "021-65430202"},
    {"code": "QY03", "name": "东汇小区居委会", "address": "东汇路560弄1号", "phone": "021-65430303"},
]

LINES = [
    {"code": "minzheng", "name": "民政", "name_en": "Civil affairs"},
    {"code": "shebao", "name": "社保就业", "name_en": "Social insurance and employment"},
    {"code": "weijian", "name": "卫健/计生", "name_en": "Health and family planning"},
    {"code": "laoling", "name": "老龄", "name_en": "Elderly services"},
    {"code": "canlian", "name": "残联", "name_en": "Disability services"},
    {"code": "wenjiao", "name": "文教", "name_en": "Culture and education"},
    {"code": "pingan", "name": "平安/综治", "name_en": "Public safety and mediation"},
    {"code": "zhufang", "name": "住房/物业", "name_en": "Housing and property management"},
    {"code": "dangjian", "name": "党建", "name_en": "Party building"},
    {"code": "tuiyi", "name": "退役军人", "name_en": "Veterans' affairs"},
    {"code": "chengguan", "name": "城管/环境", "name_en": "City management and environment"},
]

_ID = "申请人身份证原件及复印件"
_HUKOU = "户口簿原件及复印件"


def _item(line, name, name_en, materials, limit, on_the_spot, seal, description):
    return {
        "line": line, "name": name, "name_en": name_en, "materials": materials, "time_limit_days": limit,
        "on_the_spot": on_the_spot, "seal_permitted": seal, "description": description,
    }


SERVICE_ITEMS = [
    # 民政
    _item("minzheng", "居住证明", "Certificate of residence",
          [_ID, _HUKOU, "房屋产权证明或房屋租赁合同"], 0, True, True,
          "证明居民在本居住区实际居住；核对材料无误后当场出具并加盖居委会印章。"),
    _item("minzheng", "困难情况证明", "Certificate of family hardship",
          [_ID, _HUKOU, "家庭成员收入情况说明", "病历、失业证明等困难原因材料"], 3, False, True,
          "入户核实后，为申请救助、减免费用等出具家庭困难情况证明。"),
    _item("minzheng", "低保申请", "Minimum living allowance (dibao)",
          [_ID, _HUKOU, "家庭经济状况核对授权书", "家庭成员收入证明", "申请人银行卡复印件"], 20, False, False,
          "居委会受理后入户调查并张榜公示，再报街道审核、区民政局审批。"),
    _item("minzheng", "临时救助申请", "Temporary assistance",
          [_ID, _HUKOU, "突发困难情况书面说明", "医疗费用票据或事故证明"], 10, False, False,
          "家庭因突发事件、意外或重病导致生活暂时困难时申请临时救助。"),
    _item("minzheng", "大病医疗救助申请", "Medical assistance for serious illness",
          [_ID, _HUKOU, "医疗费用发票原件", "出院小结或疾病诊断证明", "医保结算单"], 15, False, False,
          "低保、低收入等困难家庭成员患大病，对医保报销后自负部分申请救助。"),
    _item("minzheng", "民政困难补助申请", "Hardship grant",
          [_ID, _HUKOU, "家庭收入情况说明", "困难原因证明材料"], 10, False, False,
          "低收入困难家庭申请帮困补助，居委会评议后报街道核定发放。"),
    _item("minzheng", "婚姻登记咨询", "Marriage registration advice",
          ["双方身份证原件", "双方户口簿原件", "近期二寸双人合影照片三张"], 0, True, False,
          "居委会不办理婚姻登记；告知区婚姻登记处的预约方式和需带的材料。"),
    # 社保就业
    _item("shebao", "就业失业登记", "Employment and unemployment registration",
          [_ID, "户口簿或居住证", "退工证明或解除劳动合同证明"], 0, True, False,
          "为失业人员办理就业失业登记，以便享受就业服务和扶持政策。"),
    _item("shebao", "灵活就业登记", "Flexible employment registration",
          [_ID, _HUKOU, "灵活就业情况申报表"], 3, False, False,
          "从事个体、自由职业等灵活就业的居民办理登记，便于衔接社保缴费。"),
    _item("shebao", "就业困难人员认定", "Recognition as hard-to-employ",
          [_ID, _HUKOU, "就业失业登记证明", "残疾人证或其他困难情况证明"], 10, False, False,
          "长期失业、大龄或残疾等就业困难人员申请认定，转街道就业服务部门审核。"),
    _item("shebao", "城乡居民医保参保登记", "Residents' basic medical insurance enrolment",
          [_ID, _HUKOU, "近期一寸免冠彩色照片"], 5, False, False,
          "为未参加职工医保的老人、非从业居民等办理城乡居民基本医疗保险参保登记。"),
    _item("shebao", "创业扶持咨询", "Start-up support advice",
          [_ID, "创业计划书", "营业执照复印件（已开业的）"], 5, False, False,
          "介绍创业担保贷款、场地房租补贴等政策，转介街道创业指导服务。"),
    # 卫健/计生
    _item("weijian", "孕妇联系卡（母子健康手册）", "Pregnancy contact card (maternal and child health booklet)",
          ["孕妇身份证原件及复印件", "户口簿或居住证", "结婚证", "医院出具的早孕诊断证明"], 0, True, False,
          "为孕妇开具联系卡，引导到社区卫生服务中心建册，纳入孕产期健康管理。"),
    _item("weijian", "生育登记", "Birth registration",
          ["夫妻双方身份证", "结婚证", _HUKOU], 0, True, False,
          "协助夫妻办理生育登记；材料齐全的当场完成。"),
    _item("weijian", "出生医学证明咨询", "Medical birth certificate advice",
          ["父母双方身份证原件", "新生儿出院小结"], 0, True, False,
          "告知到分娩医院办理、更正或补发《出生医学证明》的流程和材料。"),
    _item("weijian", "婚育情况证明咨询", "Marriage and childbearing certificate advice",
          [_ID], 0, True, False,
          "流动人口婚育证明已经取消；说明需要时由本人书面承诺，居委会不再出具。"),
    _item("weijian", "独生子女父母奖励申请", "One-child parents' retirement reward",
          [_ID, "独生子女父母光荣证", "退休证或退休审批表", _HUKOU], 10, False, False,
          "独生子女父母退休时申领一次性计划生育奖励，报街道审核。"),
    _item("weijian", "计划生育家庭特别扶助", "Special support for family-planning families",
          ["夫妻双方身份证", _HUKOU, "独生子女父母光荣证", "子女死亡证明或残疾人证"], 20, False, False,
          "独生子女死亡或伤残的家庭申请特别扶助金，经公示后报区卫健部门审批。"),
    _item("weijian", "家庭医生签约", "Family doctor contract",
          [_ID, "社保卡"], 0, True, False,
          "协助居民与社区卫生服务中心的家庭医生签约，并选定医疗机构组合。"),
    _item("weijian", "疫苗接种咨询", "Vaccination advice",
          ["受种者身份证或户口簿", "儿童预防接种证"], 0, True, False,
          "告知社区卫生服务中心接种门诊的时间、预约方式和需带证件。"),
    # 老龄
    _item("laoling", "老年综合津贴申请（高龄津贴）", "Senior citizens' allowance",
          [_ID, _HUKOU, "敬老卡或本人银行卡"], 10, False, False,
          "本市户籍年满65周岁的老人按年龄段按月领取老年综合津贴，即常说的高龄津贴。"),
    _item("laoling", "敬老卡申领", "Senior citizen card",
          [_ID, _HUKOU, "近期一寸免冠彩色照片"], 15, False, False,
          "老人申领敬老卡，凭卡领取老年综合津贴并享受本市各项敬老优待。"),
    _item("laoling", "养老服务补贴申请", "Home care subsidy",
          [_ID, _HUKOU, "老年照护统一需求评估结果通知书", "家庭收入情况证明"], 15, False, False,
          "经济困难、经评估有照护需求的老人申请居家养老服务补贴。"),
    _item("laoling", "长期护理保险评估申请", "Long-term care insurance assessment",
          [_ID, "社保卡", "近期病历或出院小结"], 10, False, False,
          "为60周岁以上参保老人申请老年照护统一需求评估，结果决定能否享受长护险服务。"),
    _item("laoling", "居家养老服务申请", "Home-based elderly care services",
          [_ID, _HUKOU, "老年照护统一需求评估结果通知书"], 15, False, False,
          "为有照护需求的老人申请上门助洁、助浴、助医等服务，转街道养老服务机构安排。"),
    _item("laoling", "老年人助餐点登记", "Community meal service for the elderly",
          [_ID, "敬老卡或社保卡"], 0, True, False,
          "为老人登记社区长者食堂或助餐点就餐，符合条件的可享受助餐补贴。"),
    _item("laoling", "独居老人关爱登记", "Care register for elderly living alone",
          ["老人身份证", "紧急联系人信息登记表"], 0, True, False,
          "登记独居、纯老家庭老人的情况，纳入定期探访和“老伙伴”结对关爱。"),
    # 残联
    _item("canlian", "残疾人证申办", "Disability certificate application",
          [_ID, _HUKOU, "近期二寸免冠彩色照片三张", "近期病历或诊断证明"], 20, False, False,
          "受理后转街道残联，安排到指定医院进行残疾评定，评定后发证。"),
    _item("canlian", "残疾人证换领", "Disability certificate renewal",
          ["原残疾人证", _ID, "近期二寸免冠彩色照片两张"], 10, False, False,
          "残疾人证到期或损坏的换领，转街道残联办理。"),
    _item("canlian", "残疾人辅助器具申请", "Assistive devices",
          [_ID, "残疾人证", "医生出具的适配建议"], 10, False, False,
          "为残疾人申请轮椅、助听器、助行器等辅助器具的评估与适配。"),
    _item("canlian", "重残无业人员生活补助", "Allowance for unemployed people with severe disabilities",
          [_ID, "残疾人证", _HUKOU, "无业情况书面说明"], 15, False, False,
          "重度残疾且无业的本市户籍人员申请生活补助，报街道审核。"),
    # 文教
    _item("wenjiao", "入学居住情况证明", "Proof of residence for school enrolment",
          [_ID, _HUKOU, "房屋产权证明或房屋租赁合同", "子女出生医学证明"], 0, True, True,
          "因子女入学需要，出具家庭实际居住情况证明，核实后当场盖章。"),
    _item("wenjiao", "社区学校课程报名", "Community school enrolment",
          [_ID], 0, True, False,
          "报名参加社区学校、老年学校开设的课程。"),
    _item("wenjiao", "志愿者登记", "Volunteer registration",
          [_ID], 0, True, False,
          "登记成为社区志愿者，并指导在上海志愿者网完成注册。"),
    _item("wenjiao", "睦邻活动室使用预约", "Community room booking",
          ["活动室使用申请表", "团队负责人身份证"], 3, False, False,
          "居民团队或楼组预约居委会活动室，协调时段后答复。"),
    # 平安/综治
    _item("pingan", "邻里纠纷调解", "Neighbour dispute mediation",
          ["双方当事人身份证", "纠纷情况书面说明", "现场照片或相关票据"], 10, False, False,
          "由居民区人民调解委员会受理，约请双方调解并记录调解结果。"),
    _item("pingan", "流动人口居住登记", "Residence registration of non-local residents",
          [_ID, "房屋租赁合同", "房屋权利人身份证复印件", "房屋产权证明复印件"], 0, True, False,
          "采集来沪人员的居住信息并录入实有人口系统，材料齐全当场完成。"),
    _item("pingan", "居住证申领咨询", "Residence permit advice",
          [_ID, "居住登记凭证", "劳动合同或营业执照", "近期一寸免冠彩色照片"], 0, True, False,
          "告知居住证的申领条件、受理窗口和材料，并解答积分政策的基本问题。"),
    _item("pingan", "无犯罪记录证明咨询", "Certificate of no criminal record advice",
          [_ID, "户口簿原件"], 0, True, False,
          "居委会不出具此类证明；告知向派出所申请的方式和所需材料。"),
    # 住房/物业
    _item("zhufang", "房屋租赁登记备案", "Tenancy registration",
          ["出租人身份证", "承租人身份证", "房屋租赁合同", "房屋产权证明"], 5, False, False,
          "协助出租人、承租人办理租赁合同登记备案，转街道租赁服务窗口。"),
    _item("zhufang", "门弄号牌缺损报修", "Missing or damaged door number plate",
          ["缺损门牌的位置说明及现场照片"], 5, False, False,
          "门牌、弄牌缺失或损坏的登记，报主管部门核定后补装。"),
    _item("zhufang", "物业纠纷协调", "Property management dispute",
          ["业主身份证", "情况书面说明", "相关照片、票据或物业服务合同"], 10, False, False,
          "协调业主与物业服务企业之间的报修、收费等纠纷，必要时约请业委会参加。"),
    _item("zhufang", "廉租住房与公租房申请咨询", "Low-rent and public rental housing advice",
          [_ID, _HUKOU, "家庭收入和财产证明", "现住房情况证明"], 5, False, False,
          "初步了解住房与收入情况，介绍申请条件，转街道住房保障窗口受理。"),
    _item("zhufang", "加装电梯意见征询", "Lift retrofit consultation",
          ["业主身份证", "房屋产权证明", "加装电梯意见征询表"], 20, False, False,
          "协助多层住宅业主开展加装电梯的意见征询和协商。"),
    # 党建
    _item("dangjian", "党员组织关系转接", "Party membership transfer",
          ["党员组织关系介绍信", "本人身份证", "党费交纳情况证明"], 5, False, False,
          "由居民区党组织办理流入、流出党员的组织关系转接，不使用居委会印章。"),
    _item("dangjian", "在职党员社区报到", "Employed Party members' community check-in",
          ["在职党员社区报到登记表", "本人身份证"], 0, True, False,
          "在职党员到居住地居民区党组织报到，登记参加社区志愿服务的意向。"),
    # 退役军人
    _item("tuiyi", "退役军人优待证申领", "Veterans' preferential treatment card",
          [_ID, "退役证件（退伍证、转业证等）", "近期二寸免冠彩色照片"], 15, False, False,
          "退役军人和其他优抚对象申领优待证，转街道退役军人服务站审核。"),
    _item("tuiyi", "退役军人信息采集", "Veterans' information collection",
          [_ID, "退役证件（退伍证、转业证等）", _HUKOU], 0, True, False,
          "采集、更新退役军人的基本信息。"),
    _item("tuiyi", "退役军人困难帮扶申请", "Hardship support for veterans",
          [_ID, "退役证件（退伍证、转业证等）", "家庭困难情况说明", "相关病历或收入证明"], 15, False, False,
          "生活困难的退役军人申请帮扶援助，转街道退役军人服务站。"),
    # 城管/环境
    _item("chengguan", "垃圾分类问题反映", "Waste sorting complaint",
          ["问题位置说明及现场照片"], 5, False, False,
          "反映小区垃圾分类投放、收运不规范等问题，督促物业和收运单位整改。"),
    _item("chengguan", "楼道堆物清理", "Corridor clutter removal",
          ["堆物位置说明及现场照片"], 5, False, False,
          "劝导清理楼道、消防通道内的堆物，必要时协调物业或城管处理。"),
    _item("chengguan", "违章搭建反映", "Illegal construction report",
          ["搭建位置说明及现场照片"], 10, False, False,
          "受理违法搭建线索，核实后报街道城管执法中队处置。"),
    _item("chengguan", "大件垃圾预约清运", "Bulky waste collection booking",
          ["需清运物品清单"], 3, False, False,
          "预约清运旧家具、旧家电等大件垃圾，由物业或清运单位上门收集。"),
]

GRID_BUILDINGS = ["1–12号楼", "13–24号楼", "25–36号楼", "37–48号楼", "49–60号楼", "61–66号楼及沿街商铺"]
GRID_AREA_NAMES = [
    f"第{number}片区（{buildings}）" for number, buildings in zip("一二三四五六", GRID_BUILDINGS, strict=True)
]

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡")
GIVEN_NAMES = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "霞", "平", "刚", "文", "华", "红", "英", "海", "鹏", "辉", "斌", "婷", "雪", "琳", "晨",
    "欣", "浩", "宇", "佳", "俊", "丹", "慧", "颖", "蕾", "梅", "萍", "健", "亮", "凯", "荣", "秀英",
    "桂英", "建华", "建国", "玉兰", "凤英", "秀兰", "德明", "志强", "国平", "美玲", "海燕", "晓东",
    "晓燕", "春梅", "小红", "立新", "卫东", "雅琴", "嘉怡", "子涵", "一鸣", "思远", "若楠", "梓萱",
    "宏伟", "建军", "玉珍", "金凤", "兰英", "文杰", "晓峰", "秀珍",
]

# Made-up road names in the style of Hongkou and Yangpu; addresses built from them are fictional.
STREETS = ["玉田路", "沁水路", "东汇路", "曲池路", "广宁二路", "松岚路", "凉溪路", "赤霞路", "运川路",
           "和乐路", "苇塘路", "槐荫路"]

VISIT_NOTES = [
    "咨询高龄津贴办理流程", "补交户口簿复印件", "开具居住证明", "询问低保审核进度", "代老人询问敬老卡制卡进度",
    "反映楼道灯不亮", "咨询子女入学居住证明", "询问城乡居民医保参保", "登记参加志愿服务", "咨询残疾人证评定",
    "反映楼上夜间噪音", "办理生育登记", "咨询长护险评估", "询问公租房申请条件", "反映垃圾清运不及时",
    "来沪人员居住登记", "咨询退役军人优待证", "家庭医生签约", "老人助餐点登记", "反映物业维修拖延",
    "询问加装电梯进度", "咨询临时救助", "材料不全，已一次性告知需补交的材料", "咨询灵活就业社保缴费",
    "询问党员组织关系转接", "报名社区学校课程", "反映违章搭建", "咨询独生子女父母奖励", "补交银行卡复印件",
    "电话询问居委会办公时间",
]

CASE_TITLES = [
    ("chengguan", "楼道堆物影响通行"), ("chengguan", "垃圾箱房异味严重"), ("chengguan", "绿化带被占用种菜"),
    ("chengguan", "违章搭建阳光房"), ("chengguan", "共享单车乱停放"),
    ("pingan", "空调外机滴水邻里纠纷"), ("pingan", "楼上漏水邻里纠纷"), ("pingan", "夜间噪音扰民"),
    ("pingan", "群租隐患排查"), ("pingan", "消防通道被堵"), ("pingan", "电动自行车楼道充电隐患"),
    ("zhufang", "电梯频繁故障"), ("zhufang", "屋顶渗水待维修"), ("zhufang", "物业费争议"),
    ("zhufang", "小区停车位纠纷"), ("zhufang", "二次供水水质反映"),
    ("minzheng", "申请低保需街道审核"), ("minzheng", "低保家庭年度复核"), ("minzheng", "突发重病家庭申请临时救助"),
    ("laoling", "独居老人需要定期探访"), ("laoling", "高龄老人走访发现需助餐"), ("laoling", "老人申请居家养老服务"),
    ("laoling", "老人跌倒后需照护"),
    ("canlian", "残疾人家门口需加装无障碍坡道"), ("weijian", "产妇出院后需家庭医生随访"),
    ("shebao", "失业人员就业援助"), ("shebao", "城乡居民医保断缴需补办"),
    ("wenjiao", "广场舞音量扰民协调"), ("tuiyi", "退役军人困难帮扶"), ("dangjian", "流动党员报到"),
]
