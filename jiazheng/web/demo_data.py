"""The people, companies and prices that ``seed_demo`` loads.

Plain data: the platform's staff per role, the six franchise providers with
their fees and jobs, the pending applications, and the names the demo
workers are drawn from. The command turns them into records through the
apps' services.
"""

from jiazheng.accounts.models import Role

DEMO_PASSWORD = "Demo@2026"
# The worker and family logins of the README, with orders of their own.
DEMO_WORKER_PHONE = "13900000013"
DEMO_FAMILY_PHONE = "13900000021"
PLATFORM_NAME = "北京市家政服务中心"
PLATFORM_DISTRICT = "110101"

# phone, name, role: one account per role of the platform organisation.
PLATFORM_STAFF = [
    ("13900000001", "王建国", Role.PLATFORM_ADMIN),
    ("13900000002", "李晓梅", Role.DISPATCHER),
    ("13900000003", "张丽华", Role.CASHIER),
    ("13900000004", "刘文静", Role.EDITOR),
    ("13900000005", "陈志强", Role.AUDITOR),
    ("13900000006", "赵海燕", Role.OFFICE_STAFF),
]

# company, district, address, lat, lng, categories, applicant (phone, name),
# legal representative, introduction, fees {item code: price}, jobs.
PROVIDERS = [
    {
        "company_name": "阳光家政服务有限公司",
        "district": "110105",
        "address": "建国路88号SOHO现代城2号楼1206室",
        "coordinates": ("39.908700", "116.470300"),
        "categories": ["domestic-hourly", "domestic-nanny", "cleaning-home"],
        "applicant": ("13900000011", "孙秀英"),
        "legal_representative": "孙秀英",
        "introduction": "成立于2012年，专注朝阳区家庭保洁、小时工和住家保姆服务，"
        "阿姨均经过岗前培训和健康体检，持证上岗。",
        "fees": {
            "hourly-worker": "50",
            "home-cleaning-hourly": "55",
            "nanny-live-in": "7200",
            "nanny-daytime": "5800",
        },
        "jobs": [("招聘小时工阿姨", "domestic-hourly", 10, "5000", "7500")],
    },
    {
        "company_name": "安心月嫂母婴护理有限公司",
        "district": "110108",
        "address": "中关村大街27号中关村大厦8层",
        "coordinates": ("39.983400", "116.316900"),
        "categories": ["domestic-maternity", "domestic-childcare"],
        "applicant": ("13900000031", "周丽娟"),
        "legal_representative": "周丽娟",
        "introduction": "海淀区母婴护理机构，提供金牌月嫂、育儿嫂服务，"
        "月嫂均持有母婴护理证书。",
        "fees": {
            "maternity-nurse-26-days": "15800",
            "childcare-live-in": "9500",
            "childcare-daytime": "7000",
        },
        "jobs": [("高级月嫂", "domestic-maternity", 5, "12000", "20000")],
    },
    {
        "company_name": "洁雅保洁服务有限公司",
        "district": "110106",
        "address": "南三环西路16号搜宝商务中心3号楼",
        "coordinates": ("39.858600", "116.365200"),
        "categories": ["cleaning-office", "cleaning-deep", "cleaning-range-hood"],
        "applicant": ("13900000032", "吴国栋"),
        "legal_representative": "吴国栋",
        "introduction": "专业保洁公司，承接写字楼日常保洁、开荒保洁和油烟机深度清洗。",
        "fees": {
            "office-cleaning-area": "4.5",
            "deep-cleaning": "12",
            "range-hood-cleaning": "150",
        },
        "jobs": [("保洁员", "cleaning-office", 20, "4500", "6000")],
    },
    {
        "company_name": "快修师傅家电维修服务有限公司",
        "district": "110102",
        "address": "西直门南大街2号成铭大厦C座",
        "coordinates": ("39.937900", "116.352900"),
        "categories": [
            "repair-appliance",
            "repair-air-conditioner",
            "repair-plumbing-electrical",
        ],
        "applicant": ("13900000033", "郑伟"),
        "legal_representative": "郑伟",
        "introduction": "家电、空调、水电上门维修，30分钟响应，维修保修三个月。",
        "fees": {
            "appliance-repair": "120",
            "air-conditioner-cleaning": "100",
            # Above the guidance range on purpose: the portal shows a warning.
            "plumbing-electrical-repair": "380",
        },
        "jobs": [("家电维修师傅", "repair-appliance", 3, "6000", "9000")],
    },
    {
        "company_name": "顺达搬家运输有限公司",
        "district": "110112",
        "address": "新华西街58号万达广场B座",
        "coordinates": ("39.906600", "116.657300"),
        "categories": ["moving-home", "moving-company"],
        "applicant": ("13900000034", "冯建军"),
        "legal_representative": "冯建军",
        "introduction": "居民搬家、公司搬迁、钢琴搬运，自有厢式货车二十余辆。",
        "fees": {"home-moving": "680", "company-moving": "3500"},
        "jobs": [("搬运工", "moving-home", 8, "6000", "8000")],
    },
    {
        "company_name": "宠乐园宠物服务有限公司",
        "district": "110114",
        "address": "回龙观西大街18号",
        "coordinates": ("40.071500", "116.315800"),
        "categories": ["pets-boarding", "pets-grooming"],
        "applicant": ("13900000035", "何晓燕"),
        "legal_representative": "何晓燕",
        "introduction": "宠物寄养、洗护美容，独立寄养间，每日视频反馈。",
        "fees": {"pet-boarding": "90", "pet-grooming": "150"},
        "jobs": [("宠物美容师", "pets-grooming", 2, "5000", "8000")],
    },
]

PENDING_APPLICATIONS = [
    {
        "company_name": "福满堂家政服务有限公司",
        "district": "110115",
        "address": "兴华大街三段5号",
        "coordinates": ("39.726900", "116.341000"),
        "categories": ["domestic-companion", "domestic-hourly"],
        "applicant": ("13900000041", "韩德明"),
        "legal_representative": "韩德明",
        "introduction": "大兴区老人陪护、医院陪护和小时工服务。",
    },
    {
        "company_name": "e家帮维修服务有限公司",
        "district": "110107",
        "address": "鲁谷路74号瑞达大厦",
        "coordinates": ("39.906700", "116.222800"),
        "categories": ["repair-pipe", "repair-doors-windows"],
        "applicant": ("13900000042", "曹磊"),
        "legal_representative": "曹磊",
        "introduction": "管道疏通、门窗维修，24小时上门。",
    },
    {
        "company_name": "金牌管家家庭服务有限公司",
        "district": "110113",
        "address": "府前中街12号",
        "coordinates": ("40.130000", "116.654500"),
        "categories": ["domestic-butler", "domestic-foreign-butler"],
        "applicant": ("13900000043", "邓雅琴"),
        "legal_representative": "邓雅琴",
        "introduction": "涉外管家、普通管家服务，管家可用英语交流。",
    },
]


FEE_NOTES = {
    "hour": "按实际服务时长计费，四小时起约，含基础清洁工具。",
    "visit": "含上门费，更换配件或材料另计。",
    "day": "按天计费，提前一天预约。",
    "month": "按月结算，签订服务合同，每月休息四天。",
    "sqm": "按实际面积计费，含清洁剂和工具。",
}


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN_NAMES = [
    "秀英",
    "桂芳",
    "玉兰",
    "淑珍",
    "丽华",
    "春梅",
    "红霞",
    "海燕",
    "建华",
    "凤英",
    "美玲",
    "晓红",
    "志强",
    "国庆",
    "建军",
    "金凤",
    "翠花",
    "素芬",
    "爱华",
    "文静",
]
WORKERS_PER_PROVIDER = (7, 7, 7, 7, 6, 6)
