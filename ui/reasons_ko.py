"""Why a run stopped, in Korean: the trainer's stop reasons (engine.trainer, engine.diagnose)
are English sentences with numbers in them; each known one is matched whole and
rewritten (:func:`ui.i18n.tr_reason`), numbers kept."""

from __future__ import annotations

import re

__all__ = ["FIELDS", "FILE_MESSAGES", "MESSAGES", "REASONS"]

_N = r"([-+0-9.,e%]+)"  # a number as the engine writes it

REASONS: list[tuple[re.Pattern, str]] = [(re.compile(p), k) for p, k in (
    (rf"reached the epoch limit \({_N}\)", r"에폭 한도(\1)에 도달했습니다"),
    (rf"stopped after {_N} epochs", r"\1에폭 후 멈췄습니다"),
    (rf"early stopping: (\w+) did not improve by more than {_N} for {_N} epochs "
     rf"\(best epoch {_N}\)",
     r"조기 종료: \1이(가) \3에폭 동안 \2보다 더 나아지지 않았습니다 (최고 에폭 \4)"),
    (rf"early stopping: (\w+) did not improve for {_N} epochs \(best epoch {_N}\)",
     r"조기 종료: \1이(가) \2에폭 동안 나아지지 않았습니다 (최고 에폭 \3)"),
    (rf"converged: the perceptron classifies every training point correctly "
     rf"\(epoch {_N}\)",
     r"수렴: 퍼셉트론이 모든 훈련 점을 바르게 분류합니다 (에폭 \1)"),
    (rf"the perceptron did not converge in {_N} epochs \(now {_N} of {_N} training points "
     rf"right, at best {_N}\)",
     r"퍼셉트론이 \1에폭 안에 수렴하지 못했습니다 (지금 훈련 점 \3개 중 \2개가 맞고, "
     r"가장 많을 때 \4개)"),
    (r": the data is not linearly separable, no single straight line splits the classes "
     r"\(like XOR\); a hidden layer is needed",
     r": 데이터가 선형 분리 불가능합니다. 직선 하나로는 클래스를 나눌 수 없으니(XOR처럼) "
     r"은닉층이 필요합니다"),
    (rf"the loss rose from {_N} to {_N}: the learning rate \({_N}\) is too large, each step "
     r"overshoots the minimum",
     r"손실이 \1에서 \2(으)로 커졌습니다: 학습률(\3)이 너무 커서 걸음마다 최솟값을 "
     r"지나칩니다"),
    (rf"the loss oscillates \(it went up and down {_N} times in the last {_N} recorded "
     rf"epochs\): the learning rate \({_N}\) is too large",
     r"손실이 출렁입니다 (기록된 마지막 \2에폭에서 \1번 오르내림): 학습률(\3)이 너무 "
     r"큽니다"),
    (rf"the loss fell only {_N} in {_N} epochs: the learning rate \({_N}\) is too small, "
     r"learning crawls",
     r"손실이 \2에폭 동안 \1밖에 줄지 않았습니다: 학습률(\3)이 너무 작아 학습이 "
     r"기어갑니다"),
    (rf"the gradient vanishes on its way back: the first layer's mean \|\u2202L/\u2202w\| is "
     rf"{_N} times smaller than the last layer's, so the first layers hardly learn",
     "기울기가 거꾸로 전해지며 사라집니다: 첫 층의 평균 |\u2202L/\u2202w|가 마지막 층보다 "
     "\\1배 작아서 첫 층들은 거의 배우지 못합니다"),
    (r": each (\w+(?: and \w+)?) layer multiplies it by f'\(z\) \(at most ([^)]+)\) on the "
     r"way back; ReLU layers pass it on",
     r": \1 층마다 거꾸로 가는 기울기에 f'(z)(많아야 \2)가 곱해집니다. ReLU 층은 그대로 "
     r"전합니다"),
    (rf"the loss levelled off at {_N} with {_N} of {_N} training points still wrong: the "
     r"network is stuck in a local minimum or on a plateau, where the gradients nearly "
     r"vanish; other initial weights \(another seed\) usually get past it",
     r"손실이 \1에서 평평해졌고 훈련 점 \3개 중 \2개가 아직 틀립니다: 기울기가 거의 "
     r"사라지는 지역 최솟값이나 정체기에 갇혔습니다. 다른 초기 가중치(다른 시드)면 대개 "
     r"빠져나옵니다"),
    (rf"diverged at epoch {_N}, step {_N}: the (training loss|gradient) became infinite or "
     rf"NaN\. The learning rate \({_N}\) is too large; the last finite weights are kept",
     r"에폭 \1, 단계 \2에서 발산했습니다: \3이(가) 무한대나 NaN이 되었습니다. "
     r"학습률(\4)이 너무 큽니다. 마지막 유한한 가중치를 남겨 둡니다"),
    (r"training loss이\(가\)", r"훈련 손실이"),
    (r"gradient이\(가\)", r"기울기가"),
)]


# the settings' names as the engine's messages write them
FIELDS = {
    "learning rate": "학습률", "L1 rate": "L1 비율", "L2 rate": "L2 비율", "l1": "L1 비율",
    "l2": "L2 비율", "alpha": "알파", "batch size": "배치 크기", "batch_size": "배치 크기",
    "beta1": "베타1", "beta2": "베타2", "centered": "중심화", "dampening": "감쇠",
    "decay": "감소율", "early_stopping": "조기 종료", "epoch": "에폭", "epochs": "에폭",
    "eps": "엡실론", "gamma": "감마", "lr_decay": "학습률 감소", "min_delta": "최소 변화",
    "momentum": "모멘텀", "nesterov": "네스테로프", "patience": "인내",
    "restore_best_weights": "최고 가중치 복원", "seed": "시드", "step_size": "계단 간격",
    "weight decay": "가중치 감소", "noise": "잡음", "samples": "표본 수", "n": "표본 수",
    "initial_accumulator_value": "초기 합",
}

# a refused value (engine.validate) and the canvas's refused edits
MESSAGES: list[tuple[re.Pattern, str]] = [(re.compile(p), k) for p, k in (
    (r"^(.+?) must be a number, got (.+)$", r"\1은(는) 수여야 합니다 (\2는 아닙니다)"),
    (r"^(.+?) must be finite, got (.+)$", r"\1은(는) 유한한 수여야 합니다 (\2는 아닙니다)"),
    (r"^(.+?) must be a whole number >= (\S+), got (.+)$",
     r"\1은(는) \2 이상인 정수여야 합니다 (\3은 아닙니다)"),
    (r"^(.+?) must be a whole number (.+?), got (.+)$",
     r"\1은(는) \2인 정수여야 합니다 (\3은 아닙니다)"),
    (r"^(.+?) must be true or false, got (.+)$", r"\1은(는) 참이나 거짓이어야 합니다"),
    (r"^(.+?) must be in (.+?), got (.+)$", r"\1은(는) \2 범위 안이어야 합니다 (\3은 아닙니다)"),
    (r"^(.+?) must be > (\S+), got (.+)$", r"\1은(는) \2보다 커야 합니다 (\3은 아닙니다)"),
    (r"^(.+?) must be >= (\S+), got (.+)$", r"\1은(는) \2 이상이어야 합니다 (\3은 아닙니다)"),
    (r"^(.+?) must be <= (\S+), got (.+)$", r"\1은(는) \2 이하여야 합니다 (\3은 아닙니다)"),
    (r"^(.+?) must be (.+?), got (.+)$", r"\1은(는) \2여야 합니다 (\3은 아닙니다)"),
    (r"^a hidden layer has at most (\d+) neurons here$", r"은닉층의 뉴런은 여기서 \1개까지입니다"),
    (r"^there is no hidden layer to remove$", r"지울 은닉층이 없습니다"),
    (r"^at most (\d+) hidden layers here$", r"은닉층은 여기서 \1개까지입니다"),
    (r"^that is the output layer: its size is set by the data$",
     r"출력층입니다: 그 크기는 데이터가 정합니다"),
    (r"^that is the output layer: it cannot be removed$", r"출력층입니다: 지울 수 없습니다"),
    (r"^that is the output layer: it cannot have dropout$",
     r"출력층입니다: 드롭아웃을 쓸 수 없습니다"),
    (r"^(.+) is the only input left; switch another feature on first$",
     r"\1은(는) 남은 유일한 입력입니다. 먼저 다른 특징을 켜세요"),
    (r"^hidden layer (\d+) has only one neuron left; to drop the layer, right-click it and "
     r"choose Remove this layer$",
     r"은닉층 \1에는 뉴런이 하나만 남았습니다. 층을 없애려면 층을 오른쪽 클릭하고 "
     r"'이 층 제거'를 고르세요"),
)]


def _file(core: str, korean: str) -> tuple[re.Pattern, str]:
    """``where[ line n]: core`` -> ``where[ n행]: korean`` (groups of core from 3 on)."""
    return (re.compile(rf"^(.+?)( line \d+)?: {core}$"), korean)


# a file that cannot be read or used (engine.data.csvio, engine.project)
FILE_MESSAGES: list[tuple[re.Pattern, str]] = [_file(p, k) for p, k in (
    (r"no such file", r"\1: 그런 파일이 없습니다"),
    (r"is a folder, not a project file", r"\1: 프로젝트 파일이 아니라 폴더입니다"),
    (r"cannot read \((.+)\)", r"\1: 읽을 수 없습니다 (\3)"),
    (r"cannot read the file \((.+)\)", r"\1: 파일을 읽을 수 없습니다 (\3)"),
    (r"cannot write the file \((.+)\)", r"\1: 파일을 쓸 수 없습니다 (\3)"),
    (r"not valid JSON \((?!a number written)(.+)\)", r"\1: 올바른 JSON이 아닙니다 (\3)"),
    (r'format: not a playground project \(expected "(.+)"\)',
     r"\1: 놀이터 프로젝트가 아닙니다 (형식 \3이어야 합니다)"),
    (r"column (\S+) is empty", r"\1\2: 열 \3이(가) 비어 있습니다"),
    (r"column (\S+) is '(.*)', not a number( \(use a dot as the decimal separator\))?",
     r"\1\2: 열 \3의 값 '\4'은(는) 수가 아닙니다"),
    (r"column (\S+) is '(.*)'; NaN and infinite values are not allowed",
     r"\1\2: 열 \3의 값 '\4': NaN과 무한대는 쓸 수 없습니다"),
    (r"column (\S+) is '(.*)', too large a number", r"\1\2: 열 \3의 값 '\4'은(는) 너무 큽니다"),
    (r"expected (\d+) values, got (\d+)", r"\1\2: 값이 \3개여야 하는데 \4개입니다"),
    (r"no data rows", r"\1: 데이터 행이 없습니다"),
    (r"the label is (\d+) characters long; class names have at most (\d+)",
     r"\1\2: 레이블이 \3자입니다. 클래스 이름은 \4자까지입니다"),
    (r"unexpected end of data", r"\1\2: 데이터가 뜻밖에 끝났습니다 (닫히지 않은 따옴표)"),
    (r"(.+) must lie between (\S+) and (\S+); this one reaches (\S+) \(rescale the data\)",
     r"\1: \3은(는) \4와 \5 사이여야 하는데 \6에 이릅니다 (데이터 크기를 줄이세요)"),
    (r"only (\d+) data rows; at least (\d+) are needed",
     r"\1: 데이터 행이 \3개뿐입니다. 적어도 \4개가 필요합니다"),
    (r"the file is empty; expected a header x1,x2,label or x1,x2,y",
     r"\1: 파일이 비어 있습니다. 머리글 x1,x2,label 또는 x1,x2,y가 필요합니다"),
    (r"no header row; the first line must name the columns x1,x2,label \(classification\) "
     r"or x1,x2,y \(regression\), got '(.*)'",
     r"\1: 머리글 행이 없습니다. 첫 줄에 열 이름 x1,x2,label(분류) 또는 x1,x2,y(회귀)가 "
     r"있어야 합니다 ('\3'가 있음)"),
    (r"only one class \(label '(.*)'\); need at least 2",
     r"\1: 클래스가 하나뿐입니다 (레이블 '\3'). 적어도 2개가 필요합니다"),
    (r"(\d+) different labels, at most (\d+) classes \(name the column 'y' for regression "
     r"targets\)",
     r"\1: 레이블이 \3가지인데 클래스는 \4개까지입니다 (회귀 목표라면 열 이름을 'y'로)"),
    (r"not UTF-8 text \(byte (\S+)\); save the file as CSV UTF-8",
     r"\1\2: UTF-8 글이 아닙니다 (바이트 \3). CSV UTF-8로 저장하세요"),
    (r"contains NUL bytes; this is not a CSV text file",
     r"\1: NUL 바이트가 있습니다. CSV 글 파일이 아닙니다"),
    (r"more than ([\d,]+) data rows; at most ([\d,]+) points can be imported",
     r"\1\2: 데이터 행이 \3개보다 많습니다. 점은 \4개까지 가져올 수 있습니다"),
    (r"expected a JSON object at the top level", r"\1: 맨 바깥이 JSON 객체여야 합니다"),
    (r"(\S+): a network needs at least an output layer",
     r"\1: \3: 신경망에는 적어도 출력층이 있어야 합니다"),
    (r"(\S+): class labels must be whole numbers(.*)", r"\1: \3: 클래스 레이블은 정수여야 합니다\4"),
    (r"(\S+): unknown argument (.+) for (optimizer|schedule) (.+); it takes (.+)",
     r"\1: \3: \5 \6에 없는 인자 \4 (받는 인자: \7)"),
    (r"not valid JSON \(a number written with (\d+) digits is too long\)",
     r"\1: 올바른 JSON이 아닙니다 (\3자리로 쓴 수가 너무 깁니다)"),
    (r"(\S+): expected a list of arrays", r"\1: \3: 배열의 목록이어야 합니다"),
    (r"(\S+): at least one input feature is needed", r"\1: \3: 입력 특징이 하나는 있어야 합니다"),
    (r"(\S+): unknown training setting (.+)", r"\1: \3: 알 수 없는 학습 설정 \4"),
    (r"version: this file is version (.+), newer than this app reads \((\d+)\)",
     r"\1: 이 파일은 버전 \3으로, 이 앱이 읽는 버전(\4)보다 새 것입니다"),
    (r"(\S+): (optimizer_params|schedule_params) must be a mapping of names to values",
     r"\1: \3: \4는 이름과 값의 짝이어야 합니다"),
    (r"version: missing or not a whole number", r"\1: version이 없거나 정수가 아닙니다"),
    (r"(\S+): x1, x2 and y must have the same length",
     r"\1: \3: x1, x2, y의 길이가 같아야 합니다"),
    (r"(\S+): x1, x2 and y must be flat lists of numbers",
     r"\1: \3: x1, x2, y는 수의 평평한 목록이어야 합니다"),
    (r"(\S+): the output layer cannot have dropout", r"\1: \3: 출력층에는 드롭아웃을 쓸 수 없습니다"),
    (r"top level: text with an invalid character \(lone surrogate (U\+\w+) at position (\d+)\)",
     r"\1: 잘못된 문자가 든 글입니다 (위치 \4의 외톨이 대리 문자 \3)"),
    (r"(\S+): nested more than (\d+) levels deep; a project is at most (\d+)",
     r"\1: \3: \4단계보다 깊게 중첩되어 있습니다. 프로젝트는 많아야 \5단계입니다"),
    (r"(\S+): text with an invalid character \(lone surrogate (U\+\w+) at position (\d+)\)",
     r"\1: \3: 잘못된 문자가 든 글입니다 (위치 \5의 외톨이 대리 문자 \4)"),
    (r"(\S+): unknown input feature (.+); valid ones: (.+)",
     r"\1: \3: 알 수 없는 입력 특징 \4. 쓸 수 있는 것: \5"),
    (r"(\S+): unknown (loss|optimizer|schedule|activation|data set) (.+); choose one of:? (.+)",
     r"\1: \3: 알 수 없는 \4 \5. 다음 중 하나를 고르세요: \6"),
    (r"(\S+): early stopping can monitor (.+), got (.+)",
     r"\1: \3: 조기 종료가 지켜볼 수 있는 값은 \4입니다 (\5는 아닙니다)"),
    (r"(\S+): split ratios must sum to 1, not (\S+) \((.+)\)",
     r"\1: \3: 분할 비율의 합은 1이어야 합니다 (\4, \5)"),
    (r"(\S+): split ratios must be numbers >= 0, not (.+)",
     r"\1: \3: 분할 비율은 0 이상의 수여야 합니다 (\4는 아닙니다)"),
    (r"(\S+): split ratios must be 3 numbers \(train, val, test\), not (.+)",
     r"\1: \3: 분할 비율은 수 세 개(훈련, 검증, 테스트)여야 합니다 (\4는 아닙니다)"),
    (r"(\S+): every (weight|value) must be a finite number",
     r"\1: \3: 모든 값이 유한한 수여야 합니다"),
    (r"(\S+): must be a finite number", r"\1: \3은(는) 유한한 수여야 합니다"),
    (r"(\S+): (\S+)\.\.\. is too large a number", r"\1: \3: \4...은(는) 너무 큰 수입니다"),
    (r"(\S+): expected shape (.+), got (.+)",
     r"\1: \3: 모양이 \4이어야 하는데 \5입니다"),
    (r"(.+) must lie between (\S+) and (\S+); this one reaches (\S+) \(rescale the data\)",
     r"\1: \3은(는) \4와 \5 사이여야 하는데 \6에 이릅니다 (데이터 크기를 줄이세요)"),
    (r"not a project: nested more than (\d+) levels deep",
     r"\1: 프로젝트가 아닙니다: \3단계보다 깊게 중첩되어 있습니다"),
    (r"(\S+): expected an object", r"\1: \3은(는) 객체여야 합니다"),
    (r"(\S+): missing field '(.+)'", r"\1: \3에 필드 '\4'이(가) 없습니다"),
    (r"(\S+): expected (\S+), got (.+)", r"\1: \3은(는) \4 형식이어야 합니다 (\5는 아닙니다)"),
    (r"weights: expected (\d+) arrays for this network, got (\d+)",
     r"\1: weights: 이 신경망에는 배열이 \3개 필요한데 \4개입니다"),
    (r"(\S+): expected three numbers \(train, validation, test\)",
     r"\1: \3: 수 세 개(훈련, 검증, 테스트)가 필요합니다"),
    (r"(\S+): not an array of numbers", r"\1: \3은(는) 수의 배열이 아닙니다"),
    (r"larger than (\d+) MiB; at most ([\d,]+) points can be imported",
     r"\1: \3 MiB보다 큽니다. 점은 \4개까지 가져올 수 있습니다"),
)]
