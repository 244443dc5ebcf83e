"""engine.optimizers against torch.optim, and the optimizer API.

The expected trajectories below were computed once with PyTorch 2.13.0 (CPU,
AVX2 build, float64, ``foreach=False``) by a throwaway script; torch is not
needed to run these tests.  Each case starts from ``P0`` and steps with the
gradients ``G`` (one row per step); ``expected[k]`` is torch's parameter after
step k+1.

Exactness: torch's CPU kernels round ``add(alpha=)``, ``addcmul`` and ``lerp``
once (fused multiply-add) and its float64 sqrt (MKL) is off by an ulp on ~1% of
elements; NumPy rounds the product and the sum separately and has a correctly
rounded sqrt.  So cases marked ``exact=True`` matched torch bit for bit on this
data and are asserted with ``assert_array_equal``; the others (``exact=False``,
off by 1 ulp at most here) with ``assert_array_max_ulp(maxulp=2)``.
``test_torch_operation_order`` pins the operation order itself, bit for bit.
"""

import json
from dataclasses import dataclass

import numpy as np
import pytest

from engine import optimizers
from engine.errors import PlaygroundError
from engine.optimizers import SGD, Adagrad, Adam, RMSprop

P0 = [0.7, -1.3, 2.1, -0.45, 1.05]
G = [
    [0.3, -0.6, 0.25, 0.0, -1.7],
    [0.15, -0.45, 0.35, 0.0, -1.1],
    [-0.2, -0.3, 0.4, 0.0, -0.9],
    [-0.35, 0.1, 0.3, 0.0, 0.6],
    [0.05, 0.25, 0.2, 0.0, 1.3],
    [0.4, 0.35, -0.1, 0.0, 0.8],
]
# learning rates set on the optimizer before each step (a schedule or the UI)
LRS = [0.1, 0.1, 0.05, 0.05, 0.02, 0.3]
ADAM_LRS = [x / 10 for x in LRS]


@dataclass
class Case:
    id: str
    name: str
    kwargs: dict
    lrs: list | None
    exact: bool
    expected: list


CASES = [
    Case(
        "sgd-plain",
        "sgd",
        {"lr": 0.1},
        None,
        exact=True,
        expected=[
            [0.6699999999999999, -1.24, 2.075, -0.45, 1.22],
            [0.6549999999999999, -1.195, 2.04, -0.45, 1.33],
            [0.6749999999999999, -1.165, 2.0, -0.45, 1.4200000000000002],
            [0.71, -1.175, 1.97, -0.45, 1.36],
            [0.705, -1.2, 1.95, -0.45, 1.23],
            [0.6649999999999999, -1.2349999999999999, 1.96, -0.45, 1.15],
        ],
    ),
    Case(
        "sgd-momentum",
        "sgd",
        {"lr": 0.1, "momentum": 0.9},
        None,
        exact=False,
        expected=[
            [0.6699999999999999, -1.24, 2.075, -0.45, 1.22],
            [0.6279999999999999, -1.141, 2.0175, -0.45, 1.4829999999999999],
            [0.6101999999999999, -1.0219, 1.92575, -0.45, 1.8096999999999999],
            [0.6291799999999999, -0.92471, 1.813175, -0.45, 2.04373],
            [0.6412619999999999, -0.862239, 1.6918575, -0.45, 2.1243570000000003],
            [0.6121357999999999, -0.8410150999999999, 1.59267175, -0.45, 2.1169213000000004],
        ],
    ),
    Case(
        "sgd-dampening-wd",
        "sgd",
        {"lr": 0.05, "momentum": 0.8, "dampening": 0.3, "weight_decay": 0.01},
        None,
        exact=True,
        expected=[
            [0.68465, -1.26935, 2.08645, -0.44977500000000004, 1.1344750000000001],
            [0.6668803725, -1.2286357275, 2.0626297425, -0.44943757875, 1.2401579337500002],
            [
                0.659431262369625,
                -1.185134286995375,
                2.028851616090125,
                -0.4490103385974375,
                1.3557702254731876,
            ],
            [
                0.6654911733234956,
                -1.1534183375912266,
                1.9906190168965936,
                -0.4485113928568784,
                1.426785539272822,
            ],
            [
                0.6683561801759289,
                -1.136391881649751,
                1.9523362208858546,
                -0.4479552572769312,
                1.437598415373784,
            ],
            [
                0.6564142609948139,
                -1.134622979737993,
                1.9245266663999532,
                -0.4473535644729265,
                1.4177455568091728,
            ],
        ],
    ),
    Case(
        "sgd-nesterov-wd",
        "sgd",
        {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.001},
        None,
        exact=False,
        expected=[
            [0.6714334999999999, -1.2428765, 2.0760505, -0.44995725000000003, 1.21140025],
            [
                0.6449413638174999,
                -1.1756557767325,
                2.0323932252025,
                -0.44989627906125,
                1.38459264197625,
            ],
            [
                0.6468173863311872,
                -1.1068513679354604,
                1.970752022800856,
                -0.4498189131461142,
                1.5763887714651372,
            ],
            [
                0.6727233813031762,
                -1.067875153648124,
                1.9046791768923441,
                -0.4497267963583009,
                1.6514178377407356,
            ],
            [
                0.6755039748391274,
                -1.0519949209614816,
                1.8396213548939047,
                -0.4496214090547064,
                1.6223580501889046,
            ],
            [
                0.6422226086960323,
                -1.0596508264079263,
                1.7994802616295544,
                -0.4495040841534473,
                1.5786244311801871,
            ],
        ],
    ),
    Case(
        "sgd-momentum-lr-changes",
        "sgd",
        {"lr": 0.1, "momentum": 0.9},
        LRS,
        exact=False,
        expected=[
            [0.6699999999999999, -1.24, 2.075, -0.45, 1.22],
            [0.6279999999999999, -1.141, 2.0175, -0.45, 1.4829999999999999],
            [0.6190999999999999, -1.08145, 1.971625, -0.45, 1.64635],
            [0.6285899999999999, -1.032855, 1.9153375, -0.45, 1.763365],
            [0.6310063999999999, -1.0203608000000002, 1.891074, -0.45, 1.7794904],
            [
                0.5436277999999999,
                -0.9566891000000002,
                1.5935167499999998,
                -0.45,
                1.7571833000000001,
            ],
        ],
    ),
    Case(
        "adagrad-default",
        "adagrad",
        {"lr": 0.1},
        None,
        exact=True,
        expected=[
            [0.6000000000333333, -1.2000000000166666, 2.00000000004, -0.45, 1.1499999999941177],
            [
                0.5552786404966709,
                -1.1400000000246666,
                1.9186266529382454,
                -0.45,
                1.2043251278071623,
            ],
            [
                0.6064933924567145,
                -1.1028609323938539,
                1.8505261304891398,
                -0.45,
                1.2449415592219164,
            ],
            [0.6732357736911787, -1.1151468347290234, 1.8050402478813021, -0.45, 1.218805148710913],
            [
                0.6637441937354556,
                -1.1445078457013103,
                1.7760211978811122,
                -0.45,
                1.1695287758801522,
            ],
            [0.603269878063122, -1.1825266269587302, 1.790380361051405, -0.45, 1.1405097258768044],
        ],
    ),
    Case(
        "adagrad-decay-init-wd",
        "adagrad",
        {
            "lr": 0.1,
            "lr_decay": 0.05,
            "initial_accumulator_value": 0.1,
            "weight_decay": 0.01,
            "eps": 1e-06,
        },
        None,
        exact=True,
        expected=[
            [
                0.6303440861631385,
                -1.2111286506104042,
                2.0349282684162793,
                -0.4485771236113962,
                1.1482929892230704,
            ],
            [
                0.5985113469741615,
                -1.1581198931878702,
                1.9716403240692804,
                -0.44722642392089473,
                1.1992475833592458,
            ],
            [
                0.6333490054842709,
                -1.126178292214929,
                1.9169507492916171,
                -0.44594113034164024,
                1.2356135885750972,
            ],
            [
                0.682186613015849,
                -1.134836488526458,
                1.8807763306518626,
                -0.44471537412229445,
                1.2124901337042198,
            ],
            [
                0.6744813972068973,
                -1.156392073276107,
                1.8579214379582518,
                -0.44354403565419714,
                1.1712342014860604,
            ],
            [
                0.6303271781089473,
                -1.1839426109063742,
                1.8660436262186215,
                -0.4424226227048843,
                1.1478072258319636,
            ],
        ],
    ),
    Case(
        "adagrad-lr-changes",
        "adagrad",
        {"lr": 0.1, "lr_decay": 0.01},
        LRS,
        exact=False,
        expected=[
            [0.6000000000333333, -1.2000000000166666, 2.00000000004, -0.45, 1.1499999999941177],
            [0.5557214262346576, -1.140594059430528, 1.919432329642223, -0.45, 1.2037872552545579],
            [0.5808266968033065, -1.122388634121306, 1.8860497205985438, -0.45, 1.2236972706539473],
            [0.613225910994794, -1.128352664381097, 1.8639691950607586, -0.45, 1.2110096927359846],
            [
                0.6114006071571548,
                -1.1339990126449984,
                1.8583886085222605,
                -0.45,
                1.2015334671916076,
            ],
            [
                0.43861684809334484,
                -1.2426241019519126,
                1.8994147890088118,
                -0.45,
                1.1186218957534708,
            ],
        ],
    ),
    Case(
        "rmsprop-default",
        "rmsprop",
        {"lr": 0.01},
        None,
        exact=True,
        expected=[
            [0.6000000333333222, -1.200000016666664, 2.000000039999984, -0.45, 1.1499999941176475],
            [
                0.5550987212674847,
                -1.1398070981753081,
                1.9184889076194893,
                -0.45,
                1.2045176003495712,
            ],
            [0.6066553748262474, -1.1024037300319671, 1.8501434245601973, -0.45, 1.245425045527699],
            [0.6738291432318596, -1.1148370981554503, 1.8043462245549566, -0.45, 1.218990981861316],
            [0.6642290921194562, -1.1446559124648548, 1.775010965918546, -0.45, 1.1691032717597905],
            [0.6031266875590099, -1.183345178186275, 1.78959487639827, -0.45, 1.1396200099077776],
        ],
    ),
    Case(
        "rmsprop-centered-momentum-wd",
        "rmsprop",
        {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "centered": True, "weight_decay": 0.01},
        None,
        exact=True,
        expected=[
            [
                0.6666666702859206,
                -1.2666666684792458,
                2.066666670766707,
                -0.41666691357841795,
                1.0833333326756767,
            ],
            [
                0.6335427100522252,
                -1.2281741270942401,
                2.02120652830138,
                -0.3754629875537,
                1.1196439526337159,
            ],
            [
                0.6338309496253052,
                -1.1941148393552263,
                1.972662267384571,
                -0.3344063407941297,
                1.1537075045158014,
            ],
            [
                0.6562677554479103,
                -1.1812837178981366,
                1.9293843340165164,
                -0.29595102168859044,
                1.1605422770839235,
            ],
            [
                0.6636615513178794,
                -1.1855230314186518,
                1.8942397912619162,
                -0.2605979352961511,
                1.1460720443005392,
            ],
            [
                0.6457037829550704,
                -1.2014721519565459,
                1.8815360237228382,
                -0.22821873925989938,
                1.127942398156367,
            ],
        ],
    ),
    Case(
        "rmsprop-centered-small-alpha",
        "rmsprop",
        {"lr": 0.01, "alpha": 0.3, "centered": True},
        None,
        exact=False,
        expected=[
            [0.6781782125637021, -1.2781782117700515, 2.078178212881163, -0.45, 1.0718217887434873],
            [
                0.6594661851838409,
                -1.2484212287055998,
                2.0438062131268735,
                -0.45,
                1.0974816430242573,
            ],
            [
                0.6709432324481742,
                -1.2198636703010297,
                1.9889495793369993,
                -0.45,
                1.1325267365558056,
            ],
            [
                0.6938480456001412,
                -1.2246098414792463,
                1.9301390541290495,
                -0.45,
                1.1243326040969384,
            ],
            [
                0.6908998394938354,
                -1.2390196674553873,
                1.8978802854498675,
                -0.45,
                1.1049215991103596,
            ],
            [0.673101268388443, -1.2665164135462395, 1.904218274533953, -0.45, 1.0834803407993219],
        ],
    ),
    Case(
        "rmsprop-momentum",
        "rmsprop",
        {"lr": 0.02, "alpha": 0.95, "eps": 0.0001, "momentum": 0.9},
        None,
        exact=True,
        expected=[
            [0.610690415767599, -1.210623897913285, 2.010716995194393, -0.45, 1.1394191958764066],
            [
                0.48954244096881294,
                -1.0756729893181005,
                1.857034035465451,
                -0.45,
                1.2693547897868624,
            ],
            [
                0.42782452065887083,
                -0.9198040249682528,
                1.6567482996948266,
                -0.45,
                1.4239539061074256,
            ],
            [
                0.4338593172320309,
                -0.7911901964208585,
                1.4344162908608962,
                -0.45,
                1.5383423654037929,
            ],
            [
                0.43031067204595447,
                -0.7038182200359406,
                1.2069234014393713,
                -0.45,
                1.5944302617158896,
            ],
            [
                0.37024580040248534,
                -0.6622751086102674,
                1.0160620067377448,
                -0.45,
                1.6168195851485088,
            ],
        ],
    ),
    Case(
        "adam-default",
        "adam",
        {"lr": 0.001},
        None,
        exact=True,
        expected=[
            [0.6990000000333333, -1.2990000000166666, 2.09900000004, -0.45, 1.0509999999941178],
            [0.698067820433832, -1.298017424953737, 2.0980050342805856, -0.45, 1.0519668736548877],
            [
                0.6977764485642597,
                -1.2970748785391237,
                2.0970068138330227,
                -0.45,
                1.0529093962419216,
            ],
            [0.697986914678892, -1.2963801468128742, 2.0960142345599797, -0.45, 1.0535024974001075],
            [0.6981121672216849, -1.2959793114963085, 2.095052992758171, -0.45, 1.0536694133148512],
            [0.6978820158544261, -1.2958587293750958, 2.0943082268268216, -0.45, 1.053655308317737],
        ],
    ),
    Case(
        "adam-betas-eps-wd",
        "adam",
        {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-06, "weight_decay": 0.01},
        None,
        exact=True,
        expected=[
            [
                0.6900000325731838,
                -1.290000016313187,
                2.090000036900233,
                -0.4400022217285048,
                1.0599999940810927,
            ],
            [
                0.6808142362431788,
                -1.2802427664369251,
                2.0799558168381447,
                -0.4300170135368681,
                1.0695500388192423,
            ],
            [
                0.6784964096757587,
                -1.2710195882739277,
                2.069817049572653,
                -0.42005297696735927,
                1.0787476942826573,
            ],
            [
                0.681602585167502,
                -1.2647114802571218,
                2.059830412415426,
                -0.4101187831356102,
                1.083704590924913,
            ],
            [
                0.6833149212171946,
                -1.2617713136311346,
                2.0503384927868056,
                -0.4002230867242047,
                1.0837539457091212,
            ],
            [
                0.6803419206880466,
                -1.2620045231462196,
                2.043501914031506,
                -0.39037444403513105,
                1.0818300293454766,
            ],
        ],
    ),
    Case(
        "adam-small-beta1",
        "adam",
        {"lr": 0.05, "betas": (0.3, 0.9)},
        None,
        exact=True,
        expected=[
            [0.6500000016666666, -1.2500000008333334, 2.050000002, -0.45, 1.0999999997058825],
            [
                0.6104501826278407,
                -1.2039695947857907,
                1.9967071032765358,
                -0.45,
                1.1437229894572591,
            ],
            [0.6312222256868615, -1.1654069415848778, 1.9415635991649927, -0.45, 1.183495611149041],
            [
                0.6828504722378071,
                -1.1611588622276385,
                1.8928420730733877,
                -0.45,
                1.1775684451323383,
            ],
            [0.6929060009692865, -1.184212725034822, 1.8540191673592088, -0.45, 1.1363364085979644],
            [0.644785388911056, -1.2254724629795235, 1.8538605729059092, -0.45, 1.0974802436201807],
        ],
    ),
    Case(
        "adam-lr-changes",
        "adam",
        {"lr": 0.01},
        ADAM_LRS,
        exact=True,
        expected=[
            [0.6900000003333333, -1.2900000001666667, 2.0900000004, -0.45, 1.0599999999411764],
            [0.6806782043383197, -1.2801742495373716, 2.080050342805854, -0.45, 1.0696687365488755],
            [
                0.6792213449904583,
                -1.2754615174643047,
                2.0750592405680393,
                -0.45,
                1.0743813494840453,
            ],
            [
                0.6802736755636197,
                -1.2719878588330567,
                2.0700963442028235,
                -0.45,
                1.0773468552749752,
            ],
            [
                0.6805241806492055,
                -1.2711861881999256,
                2.0681738605992064,
                -0.45,
                1.0776806871044624,
            ],
            [0.6736196396314431, -1.2675687245635439, 2.045830882658717, -0.45, 1.0772575371910356],
        ],
    ),
]


def _run(case: Case) -> np.ndarray:
    opt = optimizers.make(case.name, **case.kwargs)
    p = np.array(P0)
    out = []
    for k, g in enumerate(G):
        if case.lrs is not None:
            opt.lr = case.lrs[k]
        opt.step([p], [np.array(g)])
        out.append(p.copy())
    return np.array(out)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_matches_torch(case):
    got = _run(case)
    expected = np.array(case.expected)
    if case.exact:
        np.testing.assert_array_equal(got, expected)
    else:
        np.testing.assert_array_max_ulp(got, expected, maxulp=2)


def test_lr_changes_are_used_by_the_next_step():
    case = next(c for c in CASES if c.id == "sgd-momentum-lr-changes")
    constant = next(c for c in CASES if c.id == "sgd-momentum")
    got = _run(case)
    # the first two steps use lr 0.1 in both cases, the third does not
    np.testing.assert_array_max_ulp(got[:2], np.array(constant.expected[:2]), maxulp=2)
    assert not np.allclose(got[2], constant.expected[2])


# ---------------------------------------------------------------- operation order
def _torch_sequence(name, kw, p0, grads, lrs):
    """torch's single-tensor updates transcribed op by op, each fused multiply-add
    of torch (add with alpha, addcmul, lerp) written as a rounded product plus a sum.
    """
    p = p0.copy()
    st = {"t": 0}
    for k, g in enumerate(grads):
        lr = lrs[k]
        st["t"] += 1
        t = float(st["t"])
        wd = kw.get("weight_decay", 0.0)
        if wd:
            g = g + p * wd  # grad.add(param, alpha=wd)
        if name == "sgd":
            mu, d = kw.get("momentum", 0.0), kw.get("dampening", 0.0)
            if mu:
                if "buf" not in st:
                    st["buf"] = g.copy()
                else:
                    st["buf"] = st["buf"] * mu + g * (1 - d)
                g = g + st["buf"] * mu if kw.get("nesterov") else st["buf"]
            p = p + g * -lr  # param.add_(grad, alpha=-lr)
        elif name == "adagrad":
            s = st.setdefault("sum", np.full_like(p, kw.get("initial_accumulator_value", 0.0)))
            clr = lr / (1 + (t - 1) * kw.get("lr_decay", 0.0))
            st["sum"] = s + (1 * g) * g
            std = np.sqrt(st["sum"]) + kw.get("eps", 1e-10)
            p = p + ((-clr) * g) / std  # addcdiv_(grad, std, value=-clr)
        elif name == "rmsprop":
            alpha, eps, mu = kw.get("alpha", 0.99), kw.get("eps", 1e-8), kw.get("momentum", 0.0)
            sq = st.setdefault("sq", np.zeros_like(p))
            st["sq"] = sq * alpha + ((1 - alpha) * g) * g
            if kw.get("centered"):
                ga = st.setdefault("ga", np.zeros_like(p))
                w = 1 - alpha
                st["ga"] = ga + w * (g - ga) if abs(w) < 0.5 else g - (g - ga) * (1 - w)
                avg = np.sqrt(st["sq"] + (-1 * st["ga"]) * st["ga"])
            else:
                avg = np.sqrt(st["sq"])
            avg = avg + eps
            if mu > 0:
                st["buf"] = st.get("buf", np.zeros_like(p)) * mu + (1 * g) / avg
                p = p + st["buf"] * -lr
            else:
                p = p + ((-lr) * g) / avg
        elif name == "adam":
            (b1, b2), eps = kw.get("betas", (0.9, 0.999)), kw.get("eps", 1e-8)
            m = st.setdefault("m", np.zeros_like(p))
            v = st.setdefault("v", np.zeros_like(p))
            w = 1 - b1
            st["m"] = m + w * (g - m) if abs(w) < 0.5 else g - (g - m) * (1 - w)
            st["v"] = v * b2 + ((1 - b2) * g) * g
            step_size = lr / (1 - b1**t)
            denom = (np.sqrt(st["v"]) / (1 - b2**t) ** 0.5) + eps
            p = p + ((-step_size) * st["m"]) / denom
    return p


ORDER_CASES = [
    ("sgd", dict(lr=0.1)),
    ("sgd", dict(lr=0.05, momentum=0.8, dampening=0.3, weight_decay=0.01)),
    ("sgd", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.001)),
    ("adagrad", dict(lr=0.1, lr_decay=0.05, initial_accumulator_value=0.1, weight_decay=0.01)),
    ("rmsprop", dict(lr=0.01, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.01)),
    ("rmsprop", dict(lr=0.01, alpha=0.3, centered=True)),
    ("rmsprop", dict(lr=0.01)),
    ("adam", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01)),
    ("adam", dict(lr=0.05, betas=(0.3, 0.9))),
]


@pytest.mark.parametrize("n", [200, 3000], ids=["small", "large"])  # both sides of _SMALL
@pytest.mark.parametrize(("name", "kw"), ORDER_CASES)
def test_torch_operation_order(name, kw, n):
    """Bit for bit equal to torch's sequence of roundings (fused ops unfused),
    on data whose magnitudes vary enough that another order would round differently."""
    assert 200 <= optimizers._SMALL < 3000
    rng = np.random.default_rng(20261128)
    steps = 25
    p0 = rng.standard_normal(n)
    grads = rng.standard_normal((steps, n)) * rng.choice([1e-3, 1.0, 30.0], size=(steps, n))
    lrs = list(kw["lr"] * rng.choice([0.3, 1.0, 1.7], size=steps))
    opt = optimizers.make(name, **kw)
    p = p0.copy()
    for k in range(steps):
        opt.lr = lrs[k]
        opt.step([p], [grads[k]])
    np.testing.assert_array_equal(p, _torch_sequence(name, kw, p0, grads, lrs))


def test_plain_sgd_is_p_minus_lr_g():
    rng = np.random.default_rng(1)
    p, g = rng.standard_normal(1000), rng.standard_normal(1000) * 7
    expected = p - 0.03 * g
    SGD(lr=0.03).step([p], [g])
    np.testing.assert_array_equal(p, expected)


# --------------------------------------------------------------------- the API
ALL = [
    SGD(lr=0.1),
    SGD(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01),
    SGD(lr=0.05, momentum=0.8, dampening=0.3),
    Adagrad(lr=0.1, lr_decay=0.01, weight_decay=0.01, initial_accumulator_value=0.1),
    RMSprop(lr=0.01, momentum=0.5, centered=True, weight_decay=0.01),
    RMSprop(lr=0.01),
    Adam(lr=0.01, weight_decay=0.01),
]


def _fresh(opt):
    return optimizers.make(opt.name, **opt.params())


def _shapes():
    rng = np.random.default_rng(5)
    shapes = [(3, 4), (4,), (4, 1), (1,)]
    params = [rng.standard_normal(s) for s in shapes]
    grads = [[rng.standard_normal(s) for s in shapes] for _ in range(4)]
    return params, grads


@pytest.mark.parametrize("proto", ALL, ids=repr)
def test_positions_are_independent(proto):
    params, grads = _shapes()
    together = [p.copy() for p in params]
    opt = _fresh(proto)
    for gs in grads:
        opt.step(together, gs)
    for i, p in enumerate(params):
        alone = p.copy()
        single = _fresh(proto)
        for gs in grads:
            single.step([alone], [gs[i]])
        np.testing.assert_array_equal(together[i], alone)
        assert together[i].shape == p.shape
        assert not np.array_equal(together[i], p)


@pytest.mark.parametrize("proto", ALL, ids=repr)
def test_params_updated_in_place_grads_untouched(proto):
    params, grads = _shapes()
    objects = list(params)
    before = [g.copy() for gs in grads for g in gs]
    opt = _fresh(proto)
    for gs in grads:
        opt.step(params, gs)
    assert all(a is b for a, b in zip(params, objects))
    for g, b in zip((g for gs in grads for g in gs), before):
        np.testing.assert_array_equal(g, b)


@pytest.mark.parametrize("proto", ALL, ids=repr)
def test_reset_drops_state(proto):
    rng = np.random.default_rng(9)
    p0 = rng.standard_normal(6)
    g1, g2 = rng.standard_normal(6), rng.standard_normal(6)
    used = _fresh(proto)
    warm = p0.copy()
    used.step([warm], [g1])
    used.step([warm], [g2])
    used.reset()
    after_reset = p0.copy()
    used.step([after_reset], [g2])
    fresh = p0.copy()
    _fresh(proto).step([fresh], [g2])
    np.testing.assert_array_equal(after_reset, fresh)
    # without reset the state would have changed the step
    stale = p0.copy()
    kept = _fresh(proto)
    kept.step([p0.copy()], [g1])
    kept.step([stale], [g2])
    if proto.name != "sgd" or proto.momentum:
        assert not np.array_equal(stale, fresh)


def test_shape_change_at_a_position_starts_fresh_state():
    opt = Adam(lr=0.01)
    opt.step([np.ones(5)], [np.full(5, 0.5)])
    p = np.ones(3)
    opt.step([p], [np.full(3, 0.5)])
    q = np.ones(3)
    Adam(lr=0.01).step([q], [np.full(3, 0.5)])
    np.testing.assert_array_equal(p, q)


def test_mismatched_lists_and_shapes_are_refused():
    with pytest.raises(ValueError, match="2 parameter arrays and 1 gradients"):
        SGD().step([np.zeros(2), np.zeros(2)], [np.zeros(2)])
    with pytest.raises(ValueError, match=r"gradient 0 has shape \(1,\)"):
        SGD().step([np.zeros(3)], [np.zeros(1)])


def test_repr():
    assert repr(Adam(lr=1e-3)) == "Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08)"
    assert repr(SGD(lr=0.03)) == "SGD(lr=0.03)"
    assert (
        repr(SGD(lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4))
        == "SGD(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.0001)"
    )
    assert repr(Adagrad()) == "Adagrad(lr=0.01)"
    assert repr(Adagrad(lr_decay=0.1)) == "Adagrad(lr=0.01, lr_decay=0.1)"
    assert repr(RMSprop(centered=True)) == "RMSprop(lr=0.01, alpha=0.99, eps=1e-08, centered=True)"
    opt = Adam()
    opt.lr = 0.5
    assert repr(opt).startswith("Adam(lr=0.5,")


def test_names_and_make():
    assert optimizers.NAMES == ("sgd", "adagrad", "rmsprop", "adam")
    for name, cls in zip(optimizers.NAMES, (SGD, Adagrad, RMSprop, Adam)):
        opt = optimizers.make(name)
        assert type(opt) is cls and cls.name == name
        assert issubclass(cls, optimizers.Optimizer)
        assert isinstance(cls.formula, str) and cls.formula and "\n" not in cls.formula
    opt = optimizers.make("adam", lr=0.02, betas=[0.5, 0.9])
    assert opt.lr == 0.02 and opt.betas == (0.5, 0.9)
    assert "v ← μ·v − lr·g" in SGD.formula and "lr is constant" in SGD.formula


@pytest.mark.parametrize("proto", ALL, ids=repr)
def test_params_round_trip_through_json(proto):
    data = json.loads(json.dumps(proto.params()))
    again = optimizers.make(proto.name, **data)
    assert repr(again) == repr(proto)
    assert again.params() == proto.params()


def test_params_lists_every_constructor_argument():
    assert Adam(lr=0.1).params() == {
        "lr": 0.1,
        "betas": [0.9, 0.999],
        "eps": 1e-8,
        "weight_decay": 0.0,
    }
    assert set(SGD().params()) == {"lr", "momentum", "dampening", "nesterov", "weight_decay"}
    assert set(Adagrad().params()) == {
        "lr",
        "lr_decay",
        "weight_decay",
        "initial_accumulator_value",
        "eps",
    }
    assert set(RMSprop().params()) == {"lr", "alpha", "eps", "weight_decay", "momentum", "centered"}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: SGD(lr=-1.0), r"learning rate must be > 0, got -1\.0"),
        (lambda: SGD(lr=0), r"learning rate must be > 0, got 0"),
        (lambda: Adam(lr=float("nan")), r"learning rate must be > 0, got nan"),
        (lambda: Adam(lr=float("inf")), r"learning rate must be finite, got inf"),
        (lambda: Adam(lr="fast"), r"learning rate must be a number, got 'fast'"),
        (lambda: SGD(momentum=2), r"momentum must be in \[0, 1\), got 2"),
        (lambda: SGD(momentum=-0.1), r"momentum must be in \[0, 1\), got -0\.1"),
        (lambda: SGD(dampening=1.5), r"dampening must be in \[0, 1\], got 1\.5"),
        (lambda: SGD(nesterov=True), r"nesterov momentum needs momentum > 0 and dampening = 0"),
        (
            lambda: SGD(momentum=0.9, dampening=0.1, nesterov=True),
            r"needs momentum > 0 and dampening = 0, got momentum=0\.9, dampening=0\.1",
        ),
        (lambda: SGD(nesterov="yes"), r"nesterov must be true or false, got 'yes'"),
        (lambda: SGD(weight_decay=-1e-3), r"weight decay must be >= 0, got -0\.001"),
        (lambda: Adagrad(lr_decay=-1), r"lr_decay must be >= 0, got -1"),
        (lambda: Adagrad(initial_accumulator_value=-1), r"initial_accumulator_value must be"),
        (lambda: Adagrad(eps=0), r"eps must be > 0, got 0"),
        (lambda: RMSprop(alpha=1.5), r"alpha must be in \[0, 1\], got 1\.5"),
        (lambda: RMSprop(momentum=1), r"momentum must be in \[0, 1\), got 1"),
        (lambda: RMSprop(centered=1), r"centered must be true or false, got 1"),
        (lambda: Adam(betas=(0.9, 1.0)), r"beta2 must be in \[0, 1\), got 1\.0"),
        (lambda: Adam(betas=(-0.1, 0.9)), r"beta1 must be in \[0, 1\), got -0\.1"),
        (lambda: Adam(betas=0.9), r"betas must be a pair \(beta1, beta2\), got 0\.9"),
        (lambda: Adam(eps=-1e-8), r"eps must be > 0, got -1e-08"),
        (
            lambda: optimizers.make("adamw"),
            r"unknown optimizer 'adamw'.*sgd, adagrad, rmsprop, adam",
        ),
        (lambda: optimizers.make("sgd", beta=0.9), r"unknown argument 'beta' for optimizer 'sgd'"),
        (lambda: optimizers.make("adam", momentum=0.9), r"unknown argument 'momentum'.*betas"),
    ],
)
def test_validation_messages(call, message):
    with pytest.raises(PlaygroundError, match=message):
        call()


def test_playground_error_is_a_value_error():
    with pytest.raises(ValueError):
        Adam(lr=-1)


def test_other_hyperparameters_are_read_only():
    opt = SGD(lr=0.1, momentum=0.9)
    with pytest.raises(AttributeError):
        opt.momentum = 0.5
    with pytest.raises(AttributeError):
        Adam().betas = (0.5, 0.9)
    assert opt.momentum == 0.9


def test_lr_set_later_is_not_validated_and_is_used():
    opt = SGD(lr=0.1)
    opt.lr = 2.0
    p = np.array([1.0])
    opt.step([p], [np.array([0.25])])
    assert p[0] == 0.5


def test_centered_rmsprop_with_constant_gradient_stays_finite():
    # v - ḡ² goes to 0 and rounding can make it negative; torch would give NaN here
    opt = RMSprop(lr=1e-3, alpha=0.5, centered=True)
    p = np.zeros(4)
    g = np.array([0.1, 0.3, -0.7, 1.9])
    for _ in range(200):
        opt.step([p], [g])
    assert np.all(np.isfinite(p))
