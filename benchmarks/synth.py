"""Synthetic 绩效目标申报表 for benchmarks: a content tree laid out exactly like content/.

    python benchmarks/synth.py DIR --count 10000 [--seed 2024] [--years 2024 2025]

writes DIR/departments.yaml (50 departments of one fictional district) and
DIR/<年度>/<部门代码>/<项目代码>.yaml. Every file is valid: the funding relations hold exactly,
indicators sit under known categories whose meaning fits their names, and every scalar
round-trips through a YAML loader as the exact text written. Output depends only on the
arguments, so benchmark runs on different machines see the same input.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

# A district that does not exist, so synthetic data can never be mistaken for a real
# department's published figures.
DISTRICT = "上海市东海区"
DEFAULT_SEED = 2024
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../../schema/declaration.schema.json\n"
REGISTRY_HEADER = (
    "# yaml-language-server: $schema=../schema/departments.schema.json\n"
    "# 合成的主管部门名录（基准测试用，虚构的东海区）。\n"
)

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Theme:
    """What a kind of department spends on, who it serves and how it talks about it."""

    # (subject, pinyin keyword for the slug, kind of spending)
    subjects: tuple[tuple[str, str, str], ...]
    # who benefits, as a phrase for goals and as short nouns for 满意度 indicator names
    beneficiaries: str
    respondents: tuple[str, ...]
    activities: tuple[str, ...]
    goals: tuple[str, ...]


THEMES: dict[str, Theme] = {
    "edu": Theme(
        subjects=(
            ("学校信息化", "xinxihua", "build"),
            ("校舍修缮", "xiaoshe", "build"),
            ("教师培训", "jiaoshi", "activity"),
            ("学生营养午餐", "wucan", "subsidy"),
            ("课后服务", "kehou", "ops"),
            ("学前教育发展", "xueqian", "subsidy"),
            ("校园安全", "xiaoyuan", "ops"),
            ("青少年科技创新", "keji", "activity"),
            ("教学设备", "jiaoxue", "purchase"),
        ),
        beneficiaries="学生和家长",
        respondents=("学生", "家长", "教师"),
        activities=("培训", "教研活动", "讲座"),
        goals=(
            "推进教育数字化转型，建设智慧校园",
            "改善办学条件，保障教育教学正常开展",
            "加强教师队伍建设，提升教师专业能力",
            "落实“双减”要求，丰富学生课后生活",
        ),
    ),
    "health": Theme(
        subjects=(
            ("社区卫生服务中心", "shequweisheng", "ops"),
            ("基本公共卫生服务", "gongwei", "subsidy"),
            ("家庭医生签约服务", "jiatingyisheng", "subsidy"),
            ("疾病预防控制", "jikong", "ops"),
            ("医疗设备", "yiliao", "purchase"),
            ("妇幼保健", "fuyou", "activity"),
            ("老年人健康体检", "tijian", "activity"),
            ("应急救护培训", "jiuhu", "activity"),
        ),
        beneficiaries="辖区居民",
        respondents=("患者", "居民", "签约居民"),
        activities=("健康讲座", "义诊", "培训"),
        goals=(
            "完善基层医疗卫生服务体系，方便群众就近就医",
            "做好传染病监测和预防接种工作，守护公共卫生安全",
            "落实国家基本公共卫生服务项目，提高居民健康水平",
            "加强医疗设备配置，提升基层诊疗能力",
        ),
    ),
    "union": Theme(
        subjects=(
            ("工会会员服务卡", "huiyuanka", "subsidy"),
            ("职工疗休养", "liaoxiuyang", "activity"),
            ("困难职工帮扶", "bangfu", "subsidy"),
            ("职工技能竞赛", "jingsai", "activity"),
            ("工会工作者", "gonghui", "activity"),
            ("场馆运营", "changguan", "ops"),
            ("职工书屋", "shuwu", "build"),
            ("妇女儿童关爱", "guanai", "activity"),
            ("青年志愿服务", "zhiyuan", "activity"),
        ),
        beneficiaries="广大职工",
        respondents=("职工", "会员", "参与人员"),
        activities=("培训", "活动", "比赛"),
        goals=(
            "竭诚为职工群众服务，维护职工合法权益",
            "依托阵地和场馆，向职工提供广泛、优质的文化服务",
            "做好困难职工帮扶工作，做到应帮尽帮",
            "开展劳动和技能竞赛，弘扬劳模精神和工匠精神",
        ),
    ),
    "civil": Theme(
        subjects=(
            ("养老服务补贴", "yanglao", "subsidy"),
            ("社区助餐点", "zhucan", "build"),
            ("困难群众救助", "jiuzhu", "subsidy"),
            ("殡葬服务", "binzang", "ops"),
            ("退役军人关爱", "tuiyi", "activity"),
            ("残疾人康复", "kangfu", "subsidy"),
            ("社会组织培育", "shehuizuzhi", "activity"),
            ("老干部活动", "laoganbu", "activity"),
        ),
        beneficiaries="困难群众和老年人",
        respondents=("老年人", "救助对象", "残疾人"),
        activities=("走访慰问", "活动", "培训"),
        goals=(
            "兜牢民生底线，确保各项救助资金足额发放",
            "完善社区养老服务网络，满足老年人多样化需求",
            "做好优抚对象服务保障，营造尊崇关爱的社会氛围",
            "培育发展社会组织，激发基层治理活力",
        ),
    ),
    "admin": Theme(
        subjects=(
            ("办公用房维修", "weixiu", "build"),
            ("信息系统运维", "yunwei", "ops"),
            ("档案数字化", "dangan", "build"),
            ("政务公开", "zhengwu", "activity"),
            ("机关运行保障", "yunxing", "ops"),
            ("审计业务外包", "shenji", "ops"),
            ("统计调查", "diaocha", "activity"),
            ("会议保障", "huiyi", "ops"),
        ),
        beneficiaries="机关干部和办事群众",
        respondents=("机关干部", "办事群众", "使用部门"),
        activities=("业务培训", "检查", "会议"),
        goals=(
            "保障机关正常运转，提高行政效能",
            "加强信息系统安全运维，保障业务系统稳定运行",
            "规范档案管理，推进档案资源数字化",
            "依法履行职责，高质量完成年度重点工作任务",
        ),
    ),
    "econ": Theme(
        subjects=(
            ("中小企业发展", "qiye", "subsidy"),
            ("科技创新券", "chuangxinquan", "subsidy"),
            ("招商引资服务", "zhaoshang", "activity"),
            ("消费促进活动", "xiaofei", "activity"),
            ("价格监测", "jiage", "ops"),
            ("粮食储备", "liangshi", "ops"),
            ("国有资产管理", "guozi", "ops"),
        ),
        beneficiaries="辖区企业",
        respondents=("企业", "服务企业", "商户"),
        activities=("政策宣讲", "对接活动", "培训"),
        goals=(
            "优化营商环境，支持中小企业健康发展",
            "落实扶持政策，激发市场主体活力",
            "做好重要民生商品价格监测，保障市场平稳运行",
            "加强国有资产监管，防止国有资产流失",
        ),
    ),
    "labor": Theme(
        subjects=(
            ("职业技能培训补贴", "jineng", "subsidy"),
            ("就业援助", "jiuye", "subsidy"),
            ("劳动争议仲裁", "zhongcai", "ops"),
            ("创业孵化基地", "chuangye", "build"),
        ),
        beneficiaries="劳动者和用人单位",
        respondents=("劳动者", "培训学员", "用人单位"),
        activities=("招聘会", "培训", "政策宣讲"),
        goals=(
            "落实就业优先政策，稳定和扩大就业",
            "开展职业技能培训，提升劳动者就业能力",
            "依法及时处理劳动人事争议，构建和谐劳动关系",
        ),
    ),
    "eco": Theme(
        subjects=(
            ("大气污染防治", "daqi", "ops"),
            ("环境监测设备", "jiance", "purchase"),
            ("公园绿地养护", "lvdi", "ops"),
            ("生活垃圾分类", "laji", "ops"),
            ("道路保洁", "baojie", "ops"),
            ("林长制", "linzhang", "activity"),
            ("节能减排", "jieneng", "activity"),
        ),
        beneficiaries="辖区居民",
        respondents=("居民", "市民", "游客"),
        activities=("巡查", "宣传", "检查"),
        goals=(
            "持续改善区域生态环境质量，打好污染防治攻坚战",
            "加强绿地林地养护管理，提升城市绿化品质",
            "推进生活垃圾分类，促进资源循环利用",
            "做好环境卫生作业，保持市容环境整洁有序",
        ),
    ),
    "build": Theme(
        subjects=(
            ("老旧小区改造", "gaizao", "build"),
            ("市政道路维护", "daolu", "ops"),
            ("保障性住房", "baozhangfang", "subsidy"),
            ("建筑工地安全监管", "gongdi", "ops"),
            ("地形测绘", "cehui", "activity"),
            ("美丽家园建设", "meilijiayuan", "build"),
        ),
        beneficiaries="小区居民",
        respondents=("居民", "住户", "业主"),
        activities=("巡查", "检查", "协调会"),
        goals=(
            "改善居民居住条件，提升城市更新水平",
            "加强市政设施养护，保障道路安全畅通",
            "强化建设工程质量安全监管，防范安全事故",
        ),
    ),
    "transport": Theme(
        subjects=(
            ("公交线路补贴", "gongjiao", "subsidy"),
            ("道路桥梁养护", "qiaoliang", "ops"),
            ("停车设施", "tingche", "build"),
            ("交通执法装备", "zhuangbei", "purchase"),
        ),
        beneficiaries="出行市民",
        respondents=("乘客", "市民", "驾驶员"),
        activities=("执法检查", "巡查", "宣传"),
        goals=(
            "优化公交线网，方便市民绿色出行",
            "加强公路桥梁养护，确保设施完好、通行安全",
            "缓解停车难问题，规范停车秩序",
        ),
    ),
    "culture": Theme(
        subjects=(
            ("公共图书馆服务", "tushuguan", "ops"),
            ("群众文化活动", "qunwen", "activity"),
            ("非物质文化遗产保护", "feiyi", "activity"),
            ("文物保护修缮", "wenwu", "build"),
            ("地方志编纂", "fangzhi", "activity"),
            ("新闻宣传", "xuanchuan", "activity"),
            ("科普活动", "kepu", "activity"),
        ),
        beneficiaries="市民群众",
        respondents=("读者", "观众", "参与群众"),
        activities=("展览", "讲座", "演出"),
        goals=(
            "完善公共文化服务体系，保障群众基本文化权益",
            "传承弘扬优秀传统文化，做好文化遗产保护",
            "丰富群众精神文化生活，营造良好社会文化氛围",
        ),
    ),
    "sport": Theme(
        subjects=(
            ("全民健身设施", "jianshen", "build"),
            ("体育赛事组织", "saishi", "activity"),
            ("青少年体育训练", "xunlian", "activity"),
            ("体育场馆开放", "changguan", "ops"),
        ),
        beneficiaries="健身群众",
        respondents=("健身群众", "运动员", "参赛人员"),
        activities=("赛事", "培训", "健身活动"),
        goals=(
            "推进全民健身，建设社区“15分钟体育生活圈”",
            "做好青少年后备人才培养，提高竞技体育水平",
            "提高公共体育场馆开放水平，满足群众健身需求",
        ),
    ),
    "agri": Theme(
        subjects=(
            ("高标准农田建设", "nongtian", "build"),
            ("农业技术推广", "nongji", "activity"),
            ("动物防疫", "fangyi", "ops"),
            ("乡村振兴示范村", "xiangcun", "build"),
            ("农民合作社扶持", "hezuoshe", "subsidy"),
        ),
        beneficiaries="农户和农业经营主体",
        respondents=("农户", "合作社", "村民"),
        activities=("技术培训", "田间指导", "检查"),
        goals=(
            "稳定粮食生产，提高农业综合生产能力",
            "推广农业新技术，促进农业增效、农民增收",
            "建设宜居宜业和美乡村，推进乡村振兴",
        ),
    ),
    "water": Theme(
        subjects=(
            ("河道综合整治", "hedao", "build"),
            ("防汛物资储备", "fangxun", "purchase"),
            ("排水管网养护", "paishui", "ops"),
            ("水质监测", "shuizhi", "ops"),
        ),
        beneficiaries="沿河居民",
        respondents=("居民", "沿河居民", "用水户"),
        activities=("巡河", "检查", "演练"),
        goals=(
            "落实河长制，持续改善河湖水环境",
            "做好防汛防台准备，保障城市运行安全",
            "加强排水设施养护，减少道路积水",
        ),
    ),
    "regulate": Theme(
        subjects=(
            ("食品安全抽检", "choujian", "ops"),
            ("特种设备检验", "tezhong", "ops"),
            ("市容执法", "zhifa", "ops"),
            ("计量器具检定", "jiliang", "ops"),
        ),
        beneficiaries="消费者和经营者",
        respondents=("消费者", "经营户", "市民"),
        activities=("检查", "抽检", "宣传"),
        goals=(
            "守住食品安全底线，保障群众饮食安全",
            "加强特种设备安全监管，预防安全事故",
            "规范市场秩序，维护消费者合法权益",
        ),
    ),
    "safety": Theme(
        subjects=(
            ("应急物资储备", "wuzi", "purchase"),
            ("安全生产检查", "anquan", "ops"),
            ("民防工程维护", "minfang", "build"),
            ("应急演练", "yanlian", "activity"),
        ),
        beneficiaries="辖区企业和居民",
        respondents=("企业", "居民", "参演人员"),
        activities=("演练", "检查", "培训"),
        goals=(
            "健全应急管理体系，提高突发事件处置能力",
            "压实安全生产责任，遏制重特大事故发生",
            "做好民防工程维护管理，确保平战结合",
        ),
    ),
    "justice": Theme(
        subjects=(
            ("公共法律服务", "falv", "ops"),
            ("人民调解", "tiaojie", "subsidy"),
            ("社区矫正", "jiaozheng", "ops"),
            ("执法办案装备", "banan", "purchase"),
            ("法治宣传", "fazhi", "activity"),
            ("诉讼服务中心运维", "susong", "ops"),
        ),
        beneficiaries="人民群众",
        respondents=("当事人", "群众", "来访群众"),
        activities=("普法宣传", "培训", "调解"),
        goals=(
            "完善公共法律服务体系，满足群众法律服务需求",
            "做好矛盾纠纷排查化解，维护社会和谐稳定",
            "深入开展法治宣传教育，提高全民法治素养",
        ),
    ),
    "digital": Theme(
        subjects=(
            ("政务云服务", "zhengwuyun", "ops"),
            ("一网通办", "yiwangtongban", "ops"),
            ("数据共享平台", "shuju", "build"),
            ("网络安全", "wangan", "ops"),
        ),
        beneficiaries="企业和群众",
        respondents=("企业", "群众", "使用部门"),
        activities=("培训", "演练", "巡检"),
        goals=(
            "推进“一网通办”，让企业和群众办事更便捷",
            "加强公共数据归集共享，支撑城市数字化转型",
            "筑牢网络安全防线，保障政务系统安全运行",
        ),
    ),
}

# (slug pinyin, name, theme, subordinate implementing units). The department itself may also
# be the 实施单位. "{D}" is the district prefix.
DEPARTMENTS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "jiaoyuju",
        "{D}教育局",
        "edu",
        ("{D}教育信息中心", "{D}教育学院", "{D}实验小学", "{D}第一中学", "{D}青少年活动中心"),
    ),
    (
        "weijianwei",
        "{D}卫生健康委员会",
        "health",
        ("{D}疾病预防控制中心", "{D}中心医院", "{D}妇幼保健所", "{D}东城社区卫生服务中心"),
    ),
    (
        "zonggonghui",
        "{D}总工会",
        "union",
        ("上海东海职工事务服务中心", "{D}工人文化活动中心", "{D}职工服务中心"),
    ),
    ("minzhengju", "{D}民政局", "civil", ("{D}社会福利院", "{D}救助管理站", "{D}婚姻登记中心")),
    ("caizhengju", "{D}财政局", "admin", ("{D}财政局国库收付中心",)),
    ("fagaiwei", "{D}发展和改革委员会", "econ", ("{D}价格认定中心",)),
    (
        "renshebaoju",
        "{D}人力资源和社会保障局",
        "labor",
        ("{D}就业促进中心", "{D}劳动人事争议仲裁院"),
    ),
    ("shengtaihuanjingju", "{D}生态环境局", "eco", ("{D}环境监测站", "{D}生态环境执法大队")),
    (
        "jianguanwei",
        "{D}建设和管理委员会",
        "build",
        ("{D}建设工程安全质量监督站", "{D}市政工程管理所"),
    ),
    ("jiaotongwei", "{D}交通委员会", "transport", ("{D}公路管理所", "{D}交通运输综合执法大队")),
    ("wenlvju", "{D}文化和旅游局", "culture", ("{D}图书馆", "{D}文化馆", "{D}博物馆")),
    ("tiyuju", "{D}体育局", "sport", ("{D}体育中心", "{D}业余体育学校")),
    ("kewei", "{D}科学技术委员会", "econ", ("{D}科技创业中心",)),
    ("shangwuwei", "{D}商务委员会", "econ", ("{D}商务发展服务中心",)),
    (
        "nongyenongcunwei",
        "{D}农业农村委员会",
        "agri",
        ("{D}农业技术推广中心", "{D}动物疫病预防控制中心"),
    ),
    ("shuiwuju", "{D}水务局", "water", ("{D}河道管理所", "{D}供排水管理所")),
    ("lvhuarongju", "{D}绿化和市容管理局", "eco", ("{D}绿化管理所", "{D}环境卫生管理所")),
    ("guihuaziyuanju", "{D}规划和自然资源局", "build", ("{D}土地储备中心", "{D}测绘管理所")),
    (
        "shichangjianguanju",
        "{D}市场监督管理局",
        "regulate",
        ("{D}食品药品检验所", "{D}市场监管执法大队"),
    ),
    ("yingjiju", "{D}应急管理局", "safety", ("{D}应急管理指挥中心",)),
    ("tuiyijunrenju", "{D}退役军人事务局", "civil", ("{D}退役军人服务中心",)),
    ("yibaoju", "{D}医疗保障局", "health", ("{D}医疗保险事务中心",)),
    ("shenjiju", "{D}审计局", "admin", ("{D}审计事务中心",)),
    ("tongjiju", "{D}统计局", "admin", ("{D}经济社会调查队",)),
    ("sifaju", "{D}司法局", "justice", ("{D}公共法律服务中心", "{D}公证处")),
    ("gonganfenju", "上海市公安局东海分局", "justice", ()),
    ("fayuan", "{D}人民法院", "justice", ()),
    ("jianchayuan", "{D}人民检察院", "justice", ()),
    ("danganguan", "{D}档案馆", "admin", ()),
    ("jiguanshiwuju", "{D}机关事务管理局", "admin", ("{D}机关后勤服务中心",)),
    ("minfangban", "{D}民防办公室", "safety", ("{D}民防指挥信息保障中心",)),
    ("fangguanju", "{D}房屋管理局", "build", ("{D}住房保障中心", "{D}物业管理事务中心")),
    ("chengguanju", "{D}城市管理行政执法局", "regulate", ("{D}城管执法大队",)),
    ("guoziwei", "{D}国有资产监督管理委员会", "econ", ()),
    ("canlian", "{D}残疾人联合会", "civil", ("{D}阳光康复中心",)),
    ("fulian", "{D}妇女联合会", "union", ("{D}妇女儿童服务中心",)),
    ("tuanquwei", "中国共产主义青年团{D}委员会", "union", ("{D}青年发展服务中心",)),
    ("kexie", "{D}科学技术协会", "culture", ("{D}科技馆",)),
    ("hongshizihui", "{D}红十字会", "health", ("{D}红十字会应急救护培训中心",)),
    ("qiaolian", "{D}归国华侨联合会", "union", ()),
    ("difangzhiban", "{D}地方志办公室", "culture", ()),
    ("rongmeiti", "{D}融媒体中心", "culture", ()),
    ("shujuju", "{D}数据局", "digital", ("{D}大数据中心",)),
    ("xinfangban", "{D}信访办公室", "admin", ("{D}人民来访接待中心",)),
    ("liangshiju", "{D}粮食和物资储备局", "econ", ("{D}粮食储备库",)),
    ("zhengxieban", "政协{D}委员会办公室", "admin", ()),
    ("rendaban", "{D}人大常委会办公室", "admin", ()),
    ("dangxiao", "中共{D}委党校", "edu", ()),
    ("gongshanglian", "{D}工商业联合会", "econ", ()),
    ("laoganbuju", "中共{D}委老干部局", "civil", ("{D}老干部活动中心",)),
)

# Name endings that fit each kind of spending; a bare subject ("工会工作者经费") reads naturally
# only with some of them.
SUFFIXES: dict[str, tuple[str, ...]] = {
    "build": ("建设项目", "改造项目", "建设工程", "提升工程"),
    "ops": ("运营经费", "运行维护经费", "运行保障经费", "服务项目"),
    "subsidy": ("补贴资金", "补助经费", "专项资金", "项目"),
    "activity": ("经费", "专项经费", "活动经费", "项目"),
    "purchase": ("购置项目", "更新项目", "采购项目"),
}

CATEGORIES_WITH_NATURE = ("特定目标类", "其他运转类")

GENERIC_GOALS = (
    "围绕区委、区政府中心工作，落实{S}各项任务",
    "进一步提升{S}的规范化、精细化管理水平",
    "确保项目资金专款专用，提高财政资金使用效益",
    "加强项目全过程绩效管理，按计划完成各项任务",
    "不断增强{B}的获得感、幸福感和安全感",
    "健全长效管理机制，推动{S}工作持续健康发展",
    "严格执行政府采购和预算管理有关规定",
    "强化部门协同，形成工作合力",
    "做好{S}的组织实施和监督检查",
    "及时总结经验做法，扩大{S}的社会影响",
)


@dataclass(frozen=True)
class Department:
    slug: str
    name: str
    theme: Theme
    units: tuple[str, ...]


def departments() -> list[Department]:
    """The 50 departments in registry order."""
    result = []
    for i, (pinyin, name, theme, units) in enumerate(DEPARTMENTS, start=1):
        full = name.format(D=DISTRICT)
        result.append(
            Department(
                slug=f"dept-{i:02d}-{pinyin}",
                name=full,
                theme=THEMES[theme],
                units=(full, *(u.format(D=DISTRICT) for u in units)),
            )
        )
    return result


# ---------------------------------------------------------------- scalars


_PLAIN_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029\ufeff]|: |\s#|:$|^\s|\s$")
_INDICATOR_START = set("-?:,[]{}#&*!|>'\"%@`=~")


def scalar(text: str) -> str:
    """`text` as a YAML scalar that loads back as exactly `text`.

    Plain when that is unambiguous (as people write these files), otherwise a JSON string,
    which is also a valid YAML double-quoted scalar. '=' and '~' count as indicators here
    because some loaders give them meaning even though YAML itself does not.
    """
    if (
        text
        and text[0] not in _INDICATOR_START
        and not text[0].isdigit()
        and not text.isascii()
        and not _PLAIN_FORBIDDEN.search(text)
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


# ---------------------------------------------------------------- funding


@dataclass(frozen=True)
class Funding:
    unit: str  # 元 or 万元
    places: int
    total: int  # all amounts in units of 10**-places of `unit`
    fiscal: int
    other: int | None  # None: the cell is blank
    annual: int
    appropriation: int
    carryover: int | None
    annual_other: int | None


def _portion(rng: random.Random, amount: int, low: int, high: int, step: int) -> int:
    """Between low% and high% of amount, rounded down to a multiple of step."""
    return amount * rng.randint(low, high) // 100 // step * step


def make_funding(rng: random.Random, multi_year: bool) -> Funding:
    if rng.random() < 0.85:
        unit = "元"
        places = 2
        # 1 元 per 100 minor units; most budgets are whole hundreds of 元, some are exact.
        step = rng.choices((10_000, 100, 1), weights=(6, 3, 1))[0]
        total = rng.randint(100, 999) * 10 ** rng.randint(4, 7)  # 1万 to 9,990万 元
    else:
        unit = "万元"
        places = rng.choice((2, 4))
        step = 1 if places == 2 else rng.choice((1, 100))
        # 2 to 9,990 万元
        total = rng.randint(200, 999) * 10 ** rng.randint(0, 3) * 10 ** (places - 2)
    total = max(total // step * step, 100 * step)

    annual = _portion(rng, total, 30, 70, step) if multi_year else total

    mode = rng.random()
    other: int | None
    if mode < 0.5:
        other = None
    elif mode < 0.75:
        other = 0
    else:
        other = _portion(rng, total, 5, 40, step)
    fiscal = total - (other or 0)

    mode = rng.random()
    carryover: int | None
    if mode < 0.55:
        carryover = None
    elif mode < 0.8:
        carryover = 0
    else:
        carryover = _portion(rng, annual, 5, 30, step)

    annual_other: int | None
    if not other:
        # No other money for the project means none this year either; keep the same
        # blank-or-zero style as the project column most of the time.
        annual_other = other if rng.random() < 0.9 else (0 if other is None else None)
    else:
        annual_other = min(other, _portion(rng, annual, 5, 40, step))
        annual_other = min(annual_other, annual - (carryover or 0) - step)
    appropriation = annual - (carryover or 0) - (annual_other or 0)
    return Funding(
        unit, places, total, fiscal, other, annual, appropriation, carryover, annual_other
    )


def amount_text(minor: int | None, places: int, commas: bool) -> str:
    if minor is None:
        return ""
    value = Decimal(minor).scaleb(-places)
    return format(value, f"{',' if commas else ''}.{places}f")


# ---------------------------------------------------------------- targets


def _op(rng: random.Random, ops: Sequence[str], weights: Sequence[int]) -> str:
    return rng.choices(ops, weights=weights)[0]


def _thousands(rng: random.Random, n: int) -> str:
    return f"{n:,}" if n >= 1000 and rng.random() < 0.3 else str(n)


def t_rate_high(rng: random.Random) -> str:
    pct = rng.choice((80, 85, 90, 95, 98, 100))
    if pct == 100:
        return rng.choice(("=100%", "＝100%", "100%", ">=100%"))
    op = _op(rng, (">=", "≥", ">", "＞"), (8, 8, 2, 1))
    return f"{op}{pct}%"


def t_rate_low(rng: random.Random) -> str:
    op = _op(rng, ("<", "<=", "≤", "＜"), (4, 3, 4, 1))
    return f"{op}{rng.choice(('0.5', '1', '2', '3', '5'))}%"


def t_count(unit: str, scale: tuple[int, int] = (0, 2)) -> Callable[[random.Random], str]:
    def target(rng: random.Random) -> str:
        n = rng.choice((1, 2, 4, 6, 10, 12, 20, 50)) * 10 ** rng.randint(*scale)
        style = rng.random()
        if style < 0.15:
            return f"≥{n}.00({unit})"
        if style < 0.25:
            return f"={n}{unit}"
        op = _op(rng, (">=", "≥", ">"), (4, 5, 2))
        return f"{op}{_thousands(rng, n)}{unit}"

    return target


def t_per_year(rng: random.Random) -> str:
    return f"{_op(rng, ('≥', '>='), (3, 1))}{rng.choice((1, 2, 4, 12))}次/年"


def t_deadline(rng: random.Random) -> str:
    return rng.choice(("≤2个工作日", "<=5个工作日", "≤24小时", "≤30天", "<3个工作日", "≤7天"))


def t_unit_cost(rng: random.Random) -> str:
    style = rng.random()
    if style < 0.4:
        return f"={rng.choice((13, 25, 40, 120, 350))}.00(元)"
    if style < 0.7:
        return f"≤{rng.choice((300, 500, 850, 1200))}元/人"
    return f"≤{rng.choice((2, 5, 8, 15))}万元"


def t_cost_rate(rng: random.Random) -> str:
    return rng.choice(("≤100%", "<=100%", "≤预算金额", "不超过预算"))


def t_big_amount(rng: random.Random) -> str:
    n = rng.choice((50, 100, 200, 500, 1000))
    return f"{_op(rng, ('≥', '>='), (3, 1))}{n}万元"


def t_words(*words: str) -> Callable[[random.Random], str]:
    def target(rng: random.Random) -> str:
        return rng.choice(words)

    return target


def t_date(rng: random.Random, year: int) -> str:
    month = rng.randint(3, 12)
    day = 30 if month in (4, 6, 9, 11) else 31
    return f"{year}年{month}月{day}日前"


T_TIMELY = t_words("及时", "按计划时间完成", "按时完成", "按计划时间内完成", "及时完成")
T_POLICY = t_words("按政策标准执行", "按照政策标准执行", "控制在预算范围内", "合理")
T_IMPROVE = t_words("提升", "有效提升", "明显提升", "逐步提高", "改善")
T_SOUND = t_words("健全", "完善", "建立并有效运行", "机制健全")

Target = Callable[[random.Random], str]
# (name template, target). {S} subject, {B} beneficiaries, {R} respondent, {A} activity;
# a None target stands for a deadline date, which needs the declaration's year.
IndicatorSpec = tuple[str, Target | None]

INDICATORS: dict[str, dict[str, tuple[IndicatorSpec, ...]]] = {
    "产出指标": {
        "数量指标": (
            ("{S}覆盖人数", t_count("人", (1, 3))),
            ("{S}服务人次", t_count("人次", (1, 3))),
            ("开展{A}场次", t_count("场次")),
            ("组织{A}次数", t_per_year),
            ("完成{S}点位数", t_count("个")),
            ("{S}覆盖率", t_rate_high),
            ("{S}任务完成率", t_rate_high),
            ("{A}参加人次", t_count("人次", (1, 3))),
        ),
        "质量指标": (
            ("{S}验收合格率", t_rate_high),
            ("设备完好率", t_rate_high),
            ("{S}达标率", t_rate_high),
            ("服务规范性", t_words("规范", "符合要求", "符合相关规范")),
            ("部门沟通机制健全", t_words("健全", "有效")),
            ("{A}参与率", t_rate_high),
            ("{S}差错率", t_rate_low),
            ("持证上岗人员占比", t_rate_high),
        ),
        "时效指标": (
            ("{S}完成及时性", T_TIMELY),
            ("资金拨付及时率", t_rate_high),
            ("问题处置时限", t_deadline),
            ("{S}完成时间", None),
            ("{A}开展及时性", T_TIMELY),
            ("补助发放及时性", T_TIMELY),
        ),
        "成本指标": (
            ("{S}成本合理性", T_POLICY),
            ("单位服务成本", t_unit_cost),
            ("{S}成本控制率", t_cost_rate),
            ("人均{A}成本", t_unit_cost),
        ),
    },
    "效益指标": {
        "经济效益指标": (
            ("带动社会投资", t_big_amount),
            ("带动就业人数", t_count("人", (1, 3))),
            ("资金使用效益", T_IMPROVE),
            ("服务力度", t_words("更多更优", "加大")),
            ("节约财政资金", t_words("≥5%", ">=3%", "有效节约")),
        ),
        "社会效益指标": (
            ("{B}获得感", T_IMPROVE),
            ("{S}知晓率", t_rate_high),
            ("公共服务水平", T_IMPROVE),
            ("安全事故率", t_rate_low),
            ("{R}受益人数", t_count("人", (1, 3))),
            ("社会影响力", t_words("扩大", "显著", "提升")),
            ("群众投诉率", t_rate_low),
            ("政策知晓度", t_rate_high),
        ),
        "生态效益指标": (
            ("节能率", t_words(">=5%", "≥8%", "≥3%")),
            ("绿化覆盖率", t_words("≥35%", ">=40%", "≥38.5%")),
            ("碳排放减少量", t_words("≥120吨", ">=50吨", "减少")),
            ("空气质量优良率", t_words(">=85%", "≥88%")),
            ("水质达标率", t_rate_high),
            ("资源循环利用率", t_words("≥40%", "提高")),
        ),
        "可持续影响指标": (
            ("长效管理机制", T_SOUND),
            ("人员培训制度", t_words("培训机制健全", "健全")),
            ("{S}持续运行", t_words("长期", "持续发挥作用", "可持续")),
            ("制度建设情况", T_SOUND),
            ("信息共享机制", t_words("建立", "健全")),
        ),
    },
    "满意度指标": {
        "服务对象满意度指标": (
            ("{R}满意度", t_rate_high),
            ("服务对象满意度", t_words(">=85%", "≥90%", "满意", "≥85%")),
            ("{R}对{S}的满意度", t_words(">=90%", "≥85%", "满意", "较满意")),
        ),
    },
}

# (min, max) indicators per second-level category; 0 lets a category stay empty as on the
# real forms, where 经济效益 and 生态效益 are empty more often than not.
COUNTS: dict[str, tuple[int, int]] = {
    "数量指标": (1, 4),
    "质量指标": (1, 3),
    "时效指标": (1, 2),
    "成本指标": (0, 2),
    "经济效益指标": (0, 1),
    "社会效益指标": (1, 4),
    "生态效益指标": (0, 1),
    "可持续影响指标": (0, 2),
    "服务对象满意度指标": (1, 2),
}
MIN_INDICATORS = 10
MAX_INDICATORS = 20


def indicator_counts(rng: random.Random) -> dict[str, int]:
    counts = {name: rng.randint(lo, hi) for name, (lo, hi) in COUNTS.items()}
    caps = {second: len(specs) for first in INDICATORS.values() for second, specs in first.items()}
    # Empty categories should stay rare for all but economics and ecology.
    for name in ("经济效益指标", "生态效益指标"):
        if rng.random() < 0.25:
            counts[name] = rng.randint(1, 2)
    while sum(counts.values()) < MIN_INDICATORS:
        growable = [
            n for n in counts if counts[n] < caps[n] and n not in ("经济效益指标", "生态效益指标")
        ]
        counts[rng.choice(growable)] += 1
    while sum(counts.values()) > MAX_INDICATORS:
        shrinkable = [n for n in counts if counts[n] > COUNTS[n][0]]
        counts[rng.choice(shrinkable)] -= 1
    return counts


# ---------------------------------------------------------------- text


def goal_text(rng: random.Random, pool: Sequence[str], numbered: bool) -> str:
    """50–300 characters built from the pool, as prose or a numbered list."""

    def render(items: Sequence[str]) -> str:
        if numbered:
            return "； ".join(f"{i}. {item}" for i, item in enumerate(items, 1)) + "。"
        return "，".join(items) + "。"

    chosen: list[str] = []
    text = ""
    for item in rng.sample(list(pool), k=len(pool)):
        candidate = render([*chosen, item])
        if len(candidate) > 300:
            break
        chosen.append(item)
        text = candidate
        if len(text) >= 50 and rng.random() < 0.4:
            break
    return text


# Checkers file indicators by keyword (节能率 belongs under 生态效益指标, 满意度 under 满意度指标
# ...), so a subject that names the environment must not leak into indicators of other
# categories; those indicators talk about "the project" instead, as many real forms do.
_CATEGORY_WORDS = re.compile(
    "节能|碳|绿化|绿地|排放|污染|生态|环境|垃圾|水质|大气|林|满意|及时|成本"
)


def indicator_subject(subject: str) -> str:
    return "项目" if _CATEGORY_WORDS.search(subject) else subject


def _fill(template: str, subject: str, theme: Theme, respondent: str, activity: str) -> str:
    return template.format(S=subject, B=theme.beneficiaries, R=respondent, A=activity)


# ---------------------------------------------------------------- one declaration


def declaration(
    rng: random.Random, year: int, dept: Department, slug_number: int, width: int
) -> tuple[str, str]:
    """(project slug, YAML text) of one declaration."""
    theme = dept.theme
    subject, keyword, kind = rng.choice(theme.subjects)
    name = subject + rng.choice(SUFFIXES[kind])
    prefix = rng.random()
    if prefix < 0.05:
        name = f"政府实事项目 - {name}"
    elif prefix < 0.10:
        name = f"{year}年{name}"
    elif prefix < 0.13:
        name = f"民生实事 - {name}"

    multi_year = (kind == "build" and rng.random() < 0.5) or rng.random() < 0.08
    nature: str | None = None
    if multi_year:
        category = "特定目标类"
        nature = "阶段性" if rng.random() < 0.6 else None
    else:
        category = rng.choices(
            ("经常性项目", "特定目标类", "一次性项目", "其他运转类"), weights=(5, 3, 2, 1)
        )[0]
        if rng.random() < 0.3:
            # Newer forms move the recurring/one-off distinction into 项目性质.
            nature = {"经常性项目": "经常性", "一次性项目": "一次性"}.get(category)
            nature = nature or rng.choice(("经常性", "一次性"))
            category = rng.choice(CATEGORIES_WITH_NATURE)
    end_year = year + rng.randint(1, 2) if multi_year else year

    unit = rng.choice(dept.units)
    start_month = rng.choices((1, 2, 3, 4, 6), weights=(12, 1, 2, 1, 1))[0]
    end_month = rng.choices((12, 11, 10, 9, 6), weights=(12, 2, 1, 1, 1))[0]
    end_month = max(end_month, start_month + 2)
    end_day = 30 if end_month in (6, 9, 11) else 31

    funding = make_funding(rng, multi_year)
    commas = rng.random() < 0.5

    respondents = theme.respondents
    activity = rng.choice(theme.activities)
    goal_pool = [g.format(S=subject, B=theme.beneficiaries) for g in GENERIC_GOALS] + list(
        theme.goals
    )

    out = [
        SCHEMA_COMMENT,
        f"年度: {year}\n",
        f"项目名称: {scalar(name)}\n",
        f"项目类别: {category}\n",
    ]
    if nature:
        out.append(f"项目性质: {nature}\n")
    f = funding
    p = f.places

    def amount(minor: int | None) -> str:
        text = amount_text(minor, p, commas)
        return f" {text}" if text else ""

    out += [
        f"主管部门: {scalar(dept.name)}\n",
        f"实施单位: {scalar(unit)}\n",
        f"计划开始日期: {year}-{start_month:02d}-01\n",
        f"计划完成日期: {year}-{end_month:02d}-{end_day}\n",
        f"资金单位: {f.unit}\n",
        "项目资金:\n",
        f"  项目资金总额:{amount(f.total)}\n",
        f"  财政资金:{amount(f.fiscal)}\n",
        f"  其他资金:{amount(f.other)}\n",
        "年度资金:\n",
        f"  年度资金申请总额:{amount(f.annual)}\n",
        f"  当年财政拨款:{amount(f.appropriation)}\n",
        f"  上年结转资金:{amount(f.carryover)}\n",
        f"  其他资金:{amount(f.annual_other)}\n",
        "项目总目标:\n",
        f"  起始年度: {year}\n",
        f"  终止年度: {end_year}\n",
        f"  内容: {scalar(goal_text(rng, goal_pool, numbered=False))}\n",
        f"年度总目标: {scalar(goal_text(rng, goal_pool, numbered=rng.random() < 0.6))}\n",
        "绩效指标:\n",
    ]

    counts = indicator_counts(rng)
    stem = indicator_subject(subject)
    for first, seconds in INDICATORS.items():
        out.append(f"  {first}:\n")
        for second, specs in seconds.items():
            n = counts[second]
            if n == 0:
                out.append(f"    {second}: []\n")
                continue
            out.append(f"    {second}:\n")
            for template, target in rng.sample(specs, k=n):
                label = _fill(template, stem, theme, rng.choice(respondents), activity)
                value = target(rng) if target else t_date(rng, year)
                out.append(f"      - 三级指标: {scalar(label)}\n")
                out.append(f"        年度指标值: {quoted(value)}\n")

    slug = f"p-{slug_number:0{width}d}-{keyword}"
    return slug, "".join(out)


# --- the other layouts of DOMAIN.md ("One form, many layouts") ----------------------------------
# A declaration is drawn as a Shanghai form and then rewritten into the fields another layout
# prints, so that every layout carries the same realistic content. `--layouts mixed` draws each
# declaration's layout with these weights.
LAYOUTS = ("shanghai", "provincial", "budget", "central", "table")
MIXED_WEIGHTS = (4, 2, 2, 1, 1)
LAYOUT_KEYS = {
    "provincial": "项目支出绩效目标表",
    "central": "中央部门项目绩效目标表",
    "table": "部门预算项目绩效目标申报表",
}
_SPLIT = re.compile(r"^(>=|<=|≥|≤|>|<|=)\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(\S*)$")
_SHANGHAI_ONLY = ("项目类别:", "项目性质:", "计划开始日期:", "计划完成日期:")


def _split_target(value: str, indent: str) -> list[str]:
    """The budget system's columns for one target: `>=85%` → 指标性质 ≥, 指标值 85, 单位 %."""
    inner = value[1:-1] if value.startswith('"') else value
    match = _SPLIT.match(inner)
    if match is None or not match.group(3) or "(" in match.group(3):
        return [f"{indent}年度指标值: {value}\n", f"{indent}指标性质: 定性\n"]
    op, number, unit = match.groups()
    op = {">=": "≥", "<=": "≤"}.get(op, op)
    return [
        f"{indent}年度指标值: {quoted(number)}\n",
        f"{indent}指标性质: {quoted(op)}\n",
        f"{indent}计量单位: {quoted(unit)}\n",
    ]


def as_layout(text: str, layout: str, rng: random.Random, year: int) -> str:
    """The Shanghai declaration `text` rewritten into the fields `layout` prints."""
    if layout == "shanghai":
        return text
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    level2 = ""
    weights: list[int] = []
    skip_block = False
    medium = ""
    for line in lines:
        stripped = line.strip()
        if skip_block:
            if line.startswith("  "):
                if stripped.startswith("内容:"):
                    medium = stripped.removeprefix("内容:").strip()
                continue
            skip_block = False
        if line.startswith("年度:") and layout in LAYOUT_KEYS:
            out += [line, f"表样: {LAYOUT_KEYS[layout]}\n"]
            continue
        if layout != "budget" and line.startswith(_SHANGHAI_ONLY):
            continue
        if layout != "budget" and line.startswith("主管部门:"):
            if layout == "provincial":
                attribute = rng.choice(("新增项目", "延续项目", "基础建设、修缮类"))
                out.append(f"项目属性: {attribute}\n")
            code = f"{zlib.crc32(line.encode()) % 1_000_000:06d}"  # one code per department
            out += [line, f"部门代码: {quoted(code)}\n"]
            continue
        if layout == "provincial" and line.startswith("实施单位:"):
            out += [line, f"项目期: {quoted(f'{year}01-{year}12')}\n"]
            continue
        if layout in ("central", "table") and line.startswith("项目资金:"):
            skip_block = True
            continue
        if layout != "budget" and line.startswith("项目总目标:"):
            skip_block = True
            continue
        if layout == "provincial" and line.startswith("年度总目标:"):
            out.append(f"中期目标: {medium}\n")
        if layout == "central" and line.startswith("项目总目标:"):
            continue
        if layout == "central" and line.startswith("年度总目标:"):
            out.append("执行率分值: 10\n")
        if (
            layout == "table"
            and line.startswith("  ")
            and line.strip().startswith(("当年财政拨款:", "上年结转资金:", "其他资金:"))
            and out
            and "年度资金" in "".join(out[-5:])
        ):
            out.append(line.split(":")[0] + ":\n")
            continue
        if line.startswith("    ") and not line.startswith("     ") and stripped.endswith(":"):
            level2 = stripped[:-1]
        if stripped.startswith("年度指标值:"):
            indent = line[: len(line) - len(line.lstrip())]
            value = stripped.removeprefix("年度指标值:").strip()
            if layout in ("budget", "table"):
                out += _split_target(value, indent)
                out.append(f"{indent}权重: {rng.choice((5, 10, 15))}\n")
                if layout == "table":
                    out.append(f"{indent}指标方向性: 正向\n")
                continue
            out.append(line)
            if layout == "provincial":
                name = out[-2].split("三级指标:", 1)[1].strip()
                out += [
                    f"{indent}长期指标:\n",
                    f"{indent}  二级指标: {level2}\n",
                    f"{indent}  三级指标: {name}\n",
                    f"{indent}  指标值: {value}\n",
                ]
            elif layout == "central":
                weight = rng.choice((5, 10, 15))
                weights.append(weight)
                out.append(f"{indent}分值权重: {weight}\n")
            continue
        out.append(line)
    if layout == "central":
        out.append(f"指标列合计:\n  分值权重: {sum(weights)}\n")
    return "".join(out)


def registry_text(depts: Sequence[Department]) -> str:
    lines = [REGISTRY_HEADER, "部门:\n"]
    for d in depts:
        lines.append(f"  - 代码: {d.slug}\n")
        lines.append(f"    名称: {scalar(d.name)}\n")
    return "".join(lines)


def generate(
    target_dir: Path,
    count: int,
    seed: int = DEFAULT_SEED,
    years: tuple[int, ...] = (2024,),
    layouts: str = "shanghai",
    evaluations: float = 0.0,
) -> list[Path]:
    """Write `count` declarations and the registry under target_dir; return the declarations.

    target_dir may exist but must be empty: leftovers from an earlier run would silently
    change the size of the tree being measured.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    if not years:
        raise ValueError("at least one year is needed")
    if target_dir.exists() and any(target_dir.iterdir()):
        raise FileExistsError(f"{target_dir} is not empty")
    rng = random.Random(seed)
    # Layouts are drawn from their own generator, so that the Shanghai content of a mixed run
    # is the same as that of a single-layout run with the same seed.
    layout_rng = random.Random(seed + 1)
    depts = departments()
    target_dir.mkdir(parents=True, exist_ok=True)
    (target_dir / "departments.yaml").write_text(registry_text(depts), encoding="utf-8")

    # A few departments file most projects, as in a real district budget.
    weights = [rng.choice((1, 1, 2, 3, 6)) for _ in depts]
    width = max(6, len(str(count)))
    made_dirs: set[Path] = set()
    paths: list[Path] = []
    for i in range(count):
        year = years[i % len(years)]
        dept = rng.choices(depts, weights=weights)[0]
        slug, text = declaration(rng, year, dept, i + 1, width)
        if layouts == "mixed":
            layout = layout_rng.choices(LAYOUTS, weights=MIXED_WEIGHTS)[0]
            text = as_layout(text, layout, layout_rng, year)
        elif layouts != "shanghai":
            text = as_layout(text, layouts, layout_rng, year)
        folder = target_dir / str(year) / dept.slug
        if folder not in made_dirs:
            folder.mkdir(parents=True, exist_ok=True)
            made_dirs.add(folder)
        path = folder / f"{slug}.yaml"
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        paths.append(path)
    if evaluations > 0:
        _evaluations(target_dir, paths, seed, evaluations)
    return paths


def _evaluations(target_dir: Path, paths: list[Path], seed: int, share: float) -> None:
    """A `<项目代码>.自评.yaml` beside `share` of the declarations (see synth_evaluation), and
    the readings they were made to give in `evaluations.json` beside the tree. Its own random
    stream: the declarations are the same with or without evaluations."""
    import yaml
    from synth_evaluation import Expected, evaluation_text

    rng = random.Random(seed + 1)
    expected = Expected()
    for path in paths:
        if rng.random() >= share:
            continue
        declaration = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)
        key = path.relative_to(target_dir).as_posix().removesuffix(".yaml")
        text = evaluation_text(rng, declaration, expected, key)
        (path.parent / f"{path.stem}.自评.yaml").write_text(text, encoding="utf-8")
    (target_dir.parent / f"{target_dir.name}-evaluations.json").write_text(
        expected.to_json(), encoding="utf-8"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write synthetic 绩效目标申报表 in the layout of content/."
    )
    parser.add_argument("dir", type=Path, help="target content directory (new or empty)")
    parser.add_argument("--count", type=int, required=True, help="number of declarations")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--years", type=int, nargs="+", default=[2024], metavar="YEAR")
    parser.add_argument(
        "--layouts",
        choices=("mixed", *LAYOUTS),
        default="shanghai",
        help="the layout of every declaration, or mixed: all layouts of DOMAIN.md",
    )
    parser.add_argument(
        "--evaluations",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="share of projects (0–1) that also get a 自评表 (<slug>.自评.yaml)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        paths = generate(
            args.dir, args.count, args.seed, tuple(args.years), args.layouts, args.evaluations
        )
    except (FileExistsError, ValueError) as exc:
        print(f"synth: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    print(f"wrote {len(paths)} declarations to {args.dir} in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
