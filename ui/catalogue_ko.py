"""Korean for the UI's English texts (:func:`ui.i18n.tr`).

Keys are the English texts exactly as the code writes them (with & for a
menu's accelerator and {placeholders} filled in after translation); the
lesson texts live with the lessons (engine.lessons_ko).
"""

KO: dict[str, str] = {
    # ---------------------------------------------------------------- toolbar
    "Training": "학습",
    "Play": "재생",
    "Pause": "일시정지",
    "Step": "한 단계",
    "Step epoch": "한 에폭",
    "Reset": "초기화",
    " Speed: ": " 속도: ",
    "Play / pause training (Space)": "학습 재생 / 일시정지 (Space)",
    "Train on one mini-batch and pause, to watch a single update (S)":
        "미니배치 하나만 학습하고 멈춥니다: 한 번의 갱신을 지켜보세요 (S)",
    "Train one whole pass over the training data and pause (E)":
        "훈련 데이터 전체를 한 번 학습하고 멈춥니다 (E)",
    "Start again from fresh random weights, same network and data (R)":
        "같은 신경망과 데이터로, 새 무작위 가중치에서 다시 시작합니다 (R)",
    "How many training steps run between two animation frames: 1 shows every single "
    "update; 'as fast as it goes' trains flat out and redraws 6 to 33 times a second, "
    "less often when drawing would slow training down.":
        "애니메이션 한 장면마다 몇 번 학습할지 정합니다: 1이면 모든 갱신을 하나하나 "
        "보여 주고, '최대 속도'는 쉬지 않고 학습하며 초당 6~33번 다시 그립니다(그리기가 "
        "학습을 늦추면 더 드물게).",
    "1 step / frame": "장면당 1단계",
    "2 steps / frame": "장면당 2단계",
    "5 steps / frame": "장면당 5단계",
    "10 steps / frame": "장면당 10단계",
    "30 steps / frame": "장면당 30단계",
    "100 steps / frame": "장면당 100단계",
    "1000 steps / frame": "장면당 1000단계",
    "as fast as it goes": "최대 속도",
    # ---------------------------------------------------------------- menus
    "&File": "파일(&F)",
    "Recent &files": "최근 파일(&F)",
    "&Edit": "편집(&E)",
    "&Training": "학습(&T)",
    "&View": "보기(&V)",
    "&Theme": "테마(&T)",
    "&Lessons": "수업(&L)",
    "&Help": "도움말(&H)",
    "&Language": "언어(&L)",
    "&Open…": "열기(&O)…",
    "Open a saved project (.json)": "저장한 프로젝트(.json)를 엽니다",
    "&Save": "저장(&S)",
    "Save the network, settings, data and weights": "신경망, 설정, 데이터, 가중치를 저장합니다",
    "Save &as…": "다른 이름으로 저장(&A)…",
    "&Import data (CSV)…": "데이터 가져오기(CSV)(&I)…",
    "Train on your own points: a CSV with columns x1,x2,label or x1,x2,y (other columns: "
    "pick them), or drop the file on the window":
        "내 점으로 학습합니다: 열이 x1,x2,label 또는 x1,x2,y인 CSV(다른 열 이름이면 직접 "
        "고릅니다). 창에 파일을 끌어다 놓아도 됩니다",
    "&Quit": "끝내기(&Q)",
    "&Undo": "실행 취소(&U)",
    "Undo the last change to the network, training or data":
        "신경망, 학습 설정, 데이터의 마지막 변경을 취소합니다",
    "&Redo": "다시 실행(&R)",
    "Focus the &network": "신경망으로 키보드 이동(&N)",
    "Put the keyboard in the network canvas (arrows move, + / − neurons, L layers)":
        "키보드를 신경망 그림으로 옮깁니다 (화살표 이동, + / − 뉴런, L 층)",
    "Focus the &settings": "설정으로 키보드 이동(&S)",
    "Put the keyboard in the data and training settings": "키보드를 데이터와 학습 설정으로 옮깁니다",
    "Zoom &in": "크게(&I)",
    "Larger text everywhere, for a projector or a far screen":
        "모든 글자를 크게: 프로젝터나 멀리 있는 화면용",
    "Zoom &out": "작게(&O)",
    "Smaller text": "글자를 작게",
    "&Normal size": "보통 크기(&N)",
    "Follow the &system": "시스템 설정 따르기(&S)",
    "&Light": "밝게(&L)",
    "&Dark": "어둡게(&D)",
    "&High contrast": "고대비(&H)",
    "&Keyboard shortcuts": "단축키(&K)",
    "Keyboard shortcuts": "단축키",
    "&About": "정보(&A)",
    "About": "정보",
    "(none yet)": "(아직 없음)",
    "Clear the list": "목록 지우기",
    "Neural-network playground {version}\n\nBuild a network by clicking, press Play, and "
    "watch it learn. NumPy engine, Qt and pyqtgraph views.":
        "신경망 놀이터 {version}\n\n클릭으로 신경망을 만들고 재생을 누르면 학습하는 모습을 "
        "볼 수 있습니다. NumPy 엔진, Qt와 pyqtgraph 화면.",
    "Space  play / pause\nS  one step (one mini-batch)\nE  one epoch\nR  reset weights\n"
    "(these four leave a focused field, button or list its keys)\n"
    "Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y)  undo / redo\nCtrl+O / Ctrl+S  open / save\n"
    "Ctrl+I  import CSV data\nCtrl+1 / Ctrl+2  keyboard to the network / the settings":
        "Space  재생 / 일시정지\nS  한 단계 (미니배치 하나)\nE  한 에폭\nR  가중치 초기화\n"
        "(입력 칸, 버튼, 목록에 초점이 있으면 그 키는 그쪽이 받습니다)\n"
        "Ctrl+Z / Ctrl+Shift+Z (또는 Ctrl+Y)  실행 취소 / 다시 실행\n"
        "Ctrl+O / Ctrl+S  열기 / 저장\nCtrl+I  CSV 데이터 가져오기\n"
        "Ctrl+1 / Ctrl+2  키보드를 신경망 / 설정으로",
    # ---------------------------------------------------------------- views
    "Data": "데이터",
    "The data and the network's decision boundary": "데이터와 신경망의 결정 경계",
    "Data and views": "데이터와 보기",
    "Views: data, hidden space, loss landscape, race": "보기: 데이터, 은닉 공간, 손실 지형, 경주",
    "Hidden space": "은닉 공간",
    "&Hidden space": "은닉 공간(&H)",
    "Show the data at the last hidden layer's outputs (h\u2081, h\u2082), with the output "
    "neuron's line: how the hidden layer makes XOR separable":
        "데이터를 마지막 은닉층의 출력 (h\u2081, h\u2082) 위에 출력 뉴런의 직선과 함께 "
        "보여 줍니다: 은닉층이 XOR을 직선 하나로 나눌 수 있게 만드는 방법",
    "Loss landscape": "손실 지형",
    "&Loss landscape": "손실 지형(&L)",
    "Show the training loss on a plane through the network's weights, and the way the "
    "optimizer came down it":
        "신경망 가중치를 지나는 평면 위의 훈련 손실과, 옵티마이저가 내려온 길을 보여 줍니다",
    "Optimizer race": "옵티마이저 경주",
    "Optimizer &race": "옵티마이저 경주(&R)",
    "Race SGD, momentum, Nesterov, Adagrad, RMSprop and Adam down a loss surface with "
    "local and global minima":
        "SGD, 모멘텀, 네스테로프, Adagrad, RMSprop, Adam이 지역·전역 최솟값이 있는 손실 "
        "곡면을 내려가는 경주",
    "&Forward pass": "순전파(&F)",
    "Follow a point through the network: z and a of every neuron (click a point in the "
    "data view, or type one)":
        "점 하나를 신경망에 통과시켜 봅니다: 모든 뉴런의 z와 a (데이터 화면에서 점을 "
        "클릭하거나 직접 입력)",
    "&Gradients on the edges": "연결선에 기울기 표시(&G)",
    "Draw the edges by \u2202L/\u2202w instead of w; click an edge for its chain rule with "
    "numbers":
        "연결선을 w 대신 \u2202L/\u2202w로 그립니다. 연결선을 클릭하면 숫자로 된 연쇄 법칙을 "
        "보여 줍니다",
    "Export &data (CSV)…": "데이터 내보내기(CSV)(&D)…",
    "The points with a column saying train, validation or test":
        "점들을, 훈련·검증·테스트를 나타내는 열과 함께",
    "Export &model…": "모델 내보내기(&M)…",
    "The trained network as ONNX, or as a PyTorch or Keras script that takes points "
    "(x1, x2)":
        "학습한 신경망을 ONNX, 또는 점 (x1, x2)를 받는 PyTorch·Keras 스크립트로",
    "Export &image…": "그림 내보내기(&I)…",
    "The data view, the network, the curves or the whole window as PNG or SVG":
        "데이터 화면, 신경망, 곡선, 또는 창 전체를 PNG나 SVG로",
    "Close Tab": "탭 닫기",
    # ---------------------------------------------------------------- data view
    "Show the training points (filled circles): the network learns from these.":
        "훈련 점(속이 찬 원)을 보여 줍니다: 신경망은 이 점들로 배웁니다.",
    "Show the validation points (rings): never trained on, they measure the validation "
    "loss that early stopping watches.":
        "검증 점(고리)을 보여 줍니다: 학습에 쓰지 않고, 조기 종료가 지켜보는 검증 손실을 "
        "잽니다.",
    "Show the test points (triangles): kept aside and scored once, when training ends.":
        "테스트 점(삼각형)을 보여 줍니다: 따로 두었다가 학습이 끝날 때 한 번 채점합니다.",
    "Show each first-layer neuron's line w\u2081x\u2081 + w\u2082x\u2082 + b = 0, where its "
    "weighted sum changes sign (for inputs x\u2081, x\u2082 only, and a first layer of a "
    "few neurons).":
        "첫 층 뉴런마다 가중합의 부호가 바뀌는 직선 w\u2081x\u2081 + w\u2082x\u2082 + b = 0을 "
        "보여 줍니다 (입력이 x\u2081, x\u2082뿐이고 첫 층 뉴런이 몇 개일 때).",
    "\n\nNo lines here: {why}.": "\n\n여기에는 직선이 없습니다: {why}.",
    "too many neurons": "뉴런이 너무 많습니다",
    "the first layer takes more inputs than x\u2081, x\u2082":
        "첫 층이 x\u2081, x\u2082 말고도 입력을 받습니다",
    "the first layer has {units} neurons (lines are drawn for up to {most})":
        "첫 층에 뉴런이 {units}개 있습니다 (직선은 {most}개까지 그립니다)",
    "train": "훈련",
    "validation": "검증",
    "test": "테스트",
    "lines": "직선",
    "Regression: the colour of a point is its target, the colour of the map the network's "
    "output, on this scale (white in the middle).":
        "회귀: 점의 색은 목표값, 바탕의 색은 신경망의 출력입니다 (이 눈금에서 가운데가 흰색).",
    # hidden space
    "은닉 공간 · the data as the output neuron sees it: each point at the outputs of the "
    "last hidden layer":
        "은닉 공간 · 출력 뉴런이 보는 데이터: 각 점을 마지막 은닉층의 출력 위치에",
    "Show the output neuron's line w\u2081h\u2081 + w\u2082h\u2082 + b = 0: in the hidden plane "
    "the output draws one straight line, and the classes must lie on its two sides.":
        "출력 뉴런의 직선 w\u2081h\u2081 + w\u2082h\u2082 + b = 0을 보여 줍니다: 은닉 평면에서 "
        "출력은 직선 하나만 그을 수 있고, 두 클래스는 그 양쪽에 있어야 합니다.",
    "line": "직선",
    "Show the input plane's grid lines (x\u2081 and x\u2082 constant), carried through the "
    "hidden layer: how it bends and folds the plane so that one line can split the classes.":
        "입력 평면의 격자선(x\u2081, x\u2082가 일정한 선)을 은닉층에 통과시켜 보여 줍니다: "
        "직선 하나로 클래스를 나눌 수 있도록 평면을 구부리고 접는 모습.",
    "grid": "격자",
    "axes:": "축:",
    "The neuron on the horizontal axis": "가로축의 뉴런",
    "The neuron on the vertical axis": "세로축의 뉴런",
    "No hidden space to show: {why}.": "보여 줄 은닉 공간이 없습니다: {why}.",
    "the output depends on all {n} neurons of the layer, and this picture shows two of them":
        "출력은 이 층의 뉴런 {n}개 모두에 달려 있는데, 이 그림은 그중 둘만 보여 줍니다",
    "one output neuron per class: the coloured regions show where each wins":
        "클래스마다 출력 뉴런이 하나씩 있습니다: 색칠된 영역이 각 클래스가 이기는 곳입니다",
    # loss landscape
    "손실 지형 · the training loss around the weights now": "손실 지형 · 지금 가중치 주변의 훈련 손실",
    "Cut the loss along two of the network's weights (the others held where they are), or "
    "along two random directions":
        "손실을 신경망의 가중치 두 개(나머지는 그대로)를 따라, 또는 무작위 방향 두 개를 따라 "
        "잘라 봅니다",
    "two weights": "가중치 두 개",
    "two random directions": "무작위 방향 두 개",
    "The weight on the horizontal axis": "가로축의 가중치",
    "The weight on the vertical axis": "세로축의 가중치",
    "Two new random directions through the weights": "가중치를 지나는 새 무작위 방향 두 개",
    "Other directions": "다른 방향",
    "Training loss here: {loss}. The cut along {a} and {b} ({how}); the line is the way "
    "the weights came.":
        "여기의 훈련 손실: {loss}. {a}와 {b}를 따라 자른 면입니다 ({how}). 선은 가중치가 "
        "지나온 길입니다.",
    "the others held where they are": "나머지는 그대로",
    "each step of 1 moves every neuron's weights by about their own size":
        "1만큼 가면 각 뉴런의 가중치가 제 크기만큼 움직입니다",
    "direction 1": "방향 1",
    "direction 2": "방향 2",
    # optimizer race
    "옵티마이저 경주 · one start, each optimizer's own steps":
        "옵티마이저 경주 · 같은 출발점, 옵티마이저마다 제 걸음",
    "The loss surface the optimizers race on": "옵티마이저들이 경주하는 손실 곡면",
    "Two valleys: a local and a global minimum": "두 골짜기: 지역 최솟값과 전역 최솟값",
    "A ravine: steep walls, a gentle floor": "협곡: 가파른 벽, 완만한 바닥",
    "Himmelblau: four minima, all as low": "힘멜블라우: 높이가 같은 최솟값 넷",
    "How many steps each racer takes per tick (~33 ticks a second)":
        "틱마다 각 주자가 걷는 단계 수 (초당 약 33틱)",
    "1 step / tick": "틱당 1단계",
    "2 steps / tick": "틱당 2단계",
    "5 steps / tick": "틱당 5단계",
    "20 steps / tick": "틱당 20단계",
    "lr": "학습률",
    "Learning rate of SGD, momentum and Nesterov": "SGD, 모멘텀, 네스테로프의 학습률",
    "adaptive lr": "적응형 학습률",
    "Learning rate of Adagrad, RMSprop and Adam (their steps are about this long whatever "
    "the slope, so they want another value)":
        "Adagrad, RMSprop, Adam의 학습률 (기울기와 상관없이 걸음이 대략 이 길이라서 다른 값이 "
        "맞습니다)",
    "Start or pause the race": "경주를 시작하거나 멈춥니다",
    "Race": "경주",
    "Again": "다시",
    "Back to the start (click the surface to start elsewhere)":
        "출발점으로 (곡면을 클릭하면 다른 곳에서 출발)",
    "Click to start the race from there": "클릭한 곳에서 경주를 시작합니다",
    "step {n} of {total}": "{total}단계 중 {n}단계",
    "flew off (the learning rate is too large for it)": "튕겨 나갔습니다 (학습률이 너무 큽니다)",
    "on its way, f = {f}": "가는 중, f = {f}",
    "in the global minimum at ({x}, {y}), f = {f}": "전역 최솟값 ({x}, {y})에 도착, f = {f}",
    "in the local minimum at ({x}, {y}), f = {f}": "지역 최솟값 ({x}, {y})에 도착, f = {f}",
    "global minimum": "전역 최솟값",
    "local minimum": "지역 최솟값",
    "start": "출발점",
    "Optimizer race: {name} must be a number, not {text}":
        "옵티마이저 경주: {name}은(는) 숫자여야 합니다 ({text}는 아닙니다)",
    "Optimizer race: {name} must be in (0, 100], not {value}":
        "옵티마이저 경주: {name}은(는) 0보다 크고 100 이하여야 합니다 ({value}는 아닙니다)",
    "batch GD": "배치 경사하강",
    "SGD (noisy gradient)": "SGD (잡음 섞인 기울기)",
    "Momentum": "모멘텀",
    "Nesterov": "네스테로프",
    # ---------------------------------------------------------------- curves
    "Plot the loss on a logarithmic axis, so that both a loss of 1e-4 and a diverging run "
    "of 1e25 stay readable. It switches on by itself once the loss spans more than 10000x "
    "(largest / smallest); after you click it, your choice stays.":
        "손실을 로그 축에 그려 1e-4의 손실도 1e25로 발산하는 손실도 읽을 수 있게 합니다. "
        "손실의 범위가 10000배를 넘으면 저절로 켜지고, 직접 클릭한 뒤에는 그 선택이 유지됩니다.",
    "log scale": "로그 눈금",
    "previous run": "이전 실행",
    "The training loss of the run before the last reset (or lesson change of settings): "
    "compare optimizers, learning rates or batch sizes on the same data.":
        "마지막 초기화(또는 설정 변경) 전 실행의 훈련 손실: 같은 데이터에서 옵티마이저, "
        "학습률, 배치 크기를 비교해 보세요.",
    "loss": "손실",
    "accuracy": "정확도",
    "acc.": "정확도",
    "epoch": "에폭",
    # ---------------------------------------------------------------- recovery, banner
    "Open the recovered work in this window (it is marked unsaved until you save it)":
        "복구한 작업을 이 창에서 엽니다 (저장하기 전까지 저장 안 됨으로 표시됩니다)",
    "Open it": "열기",
    "Delete the recovered copy": "복구 사본을 지웁니다",
    "Discard": "버리기",
    "Keep the copy; it is offered again next time": "사본을 남겨 두고, 다음에 다시 묻습니다",
    "Not now": "나중에",
    "Click to dismiss": "클릭하면 닫힙니다",
    # ---------------------------------------------------------------- explain panels
    "Forward pass": "순전파",
    "Chain rule": "연쇄 법칙",
    "Close (Esc)": "닫기 (Esc)",
    "x\u2081, x\u2082 =": "x\u2081, x\u2082 =",
    "Type a point (x\u2081, x\u2082) and press Enter, or click one in the data view":
        "점 (x\u2081, x\u2082)를 입력하고 Enter를 누르거나, 데이터 화면에서 점을 클릭하세요",
    # ---------------------------------------------------------------- controls: data
    "Data set: the points the network learns from; hover an entry for what it shows.":
        "데이터셋: 신경망이 배우는 점들입니다. 항목에 마우스를 올리면 설명이 나옵니다.",
    "Data set": "데이터셋",
    "AND truth table: 1 only for (1, 1)": "AND 진리표: (1, 1)일 때만 1",
    "OR truth table: 1 unless (0, 0)": "OR 진리표: (0, 0)이 아니면 1",
    "XOR truth table: no single line fits": "XOR 진리표: 직선 하나로는 나눌 수 없음",
    "Inner disk against a surrounding ring": "안쪽 원판과 그것을 둘러싼 고리",
    "Two Gaussian blobs": "가우스 덩어리 두 개",
    "Quadrants: class is the sign of x1*x2": "사분면: 클래스는 x1*x2의 부호",
    "Two interleaved spirals": "서로 감긴 나선 두 개",
    "Two interleaving half-moons": "서로 맞물린 반달 두 개",
    "Three Gaussian blobs, three classes": "가우스 덩어리 세 개, 클래스 셋",
    "Regression: a tilted plane": "회귀: 기울어진 평면",
    "Regression: signed bumps": "회귀: 부호 있는 봉우리들",
    "Noise: how much the points are jittered; more noise makes the classes overlap.":
        "잡음: 점들이 흔들리는 정도. 잡음이 많으면 클래스가 겹칩니다.",
    "Noise": "잡음",
    "Samples: how many points the data set has (truth tables always have 4).":
        "표본 수: 데이터셋의 점 개수 (진리표는 언제나 4개).",
    "Samples": "표본 수",
    "Regenerate: draw new random points (the data seed goes up by one).":
        "다시 만들기: 새 무작위 점을 뽑습니다 (데이터 시드가 1 늘어납니다).",
    "Regenerate": "다시 만들기",
    "Split: percentages of the points used for training, validation and testing, e.g. "
    "60:20:20; they must add up to 100 and validation may be 0.":
        "분할: 훈련·검증·테스트에 쓰는 점의 비율(%), 예: 60:20:20. 합이 100이어야 하고 "
        "검증은 0이어도 됩니다.",
    "Split %": "분할 %",
    "Rows in the training, validation and test parts.": "훈련, 검증, 테스트 부분의 행 수.",
    "{train} train · {val} validation · {test} test": "훈련 {train} · 검증 {val} · 테스트 {test}",
    "Data seed: picks which random points are drawn and how they are split.":
        "데이터 시드: 어떤 무작위 점을 뽑고 어떻게 나눌지 정합니다.",
    "Data seed": "데이터 시드",
    # ---------------------------------------------------------------- controls: training
    "Loss and optimizer": "손실과 옵티마이저",
    "Loss: the number training makes small; it measures how far outputs are from targets.":
        "손실: 학습이 줄이려는 값으로, 출력이 목표에서 얼마나 먼지 잽니다.",
    "Loss": "손실",
    "mean squared error: mean of (output \u2212 target)\u00b2; for regression":
        "평균제곱오차: (출력 \u2212 목표)\u00b2의 평균. 회귀용",
    "binary cross-entropy: \u2212mean[t\u00b7log o + (1\u2212t)\u00b7log(1\u2212o)]; sigmoid output":
        "이진 교차 엔트로피: \u2212평균[t\u00b7log o + (1\u2212t)\u00b7log(1\u2212o)]. 시그모이드 출력",
    "categorical cross-entropy: \u2212mean \u03a3 t\u00b7log o; softmax output":
        "범주형 교차 엔트로피: \u2212평균 \u03a3 t\u00b7log o. 소프트맥스 출력",
    "(auto: {loss} for 2 classes)": "(자동: 클래스 2개이면 {loss})",
    "(auto: {loss} for 3+ classes)": "(자동: 클래스 3개 이상이면 {loss})",
    "(auto: {loss} for regression)": "(자동: 회귀이면 {loss})",
    "Optimizer: the rule that turns gradients into weight updates.":
        "옵티마이저: 기울기를 가중치 갱신으로 바꾸는 규칙.",
    "Optimizer": "옵티마이저",
    "SGD: step straight down the gradient, optionally with momentum.":
        "SGD: 기울기를 따라 곧장 내려갑니다. 모멘텀을 더할 수 있습니다.",
    "Adagrad: each weight's step shrinks as its squared gradients add up.":
        "Adagrad: 가중치마다 제곱 기울기가 쌓일수록 걸음이 줄어듭니다.",
    "RMSprop: divide each step by a moving average of recent gradient sizes.":
        "RMSprop: 걸음을 최근 기울기 크기의 이동 평균으로 나눕니다.",
    "Adam: momentum plus RMSprop-style scaling, with bias correction; a safe default.":
        "Adam: 모멘텀과 RMSprop식 조절에 편향 보정을 더한 것. 무난한 기본값.",
    "Momentum: how much of the last step is kept; 0.9 rolls over bumps and plateaus.":
        "모멘텀: 지난 걸음을 얼마나 남길지. 0.9면 요철과 평지를 굴러 넘어갑니다.",
    "Momentum \u03bc": "모멘텀 \u03bc",
    "Dampening: shrinks the new gradient's share of the momentum (0 = none).":
        "감쇠: 모멘텀에서 새 기울기의 몫을 줄입니다 (0 = 없음).",
    "Dampening": "감쇠",
    "Nesterov: take the gradient after a look-ahead step; needs momentum > 0.":
        "네스테로프: 미리 한 걸음 내다본 곳의 기울기를 씁니다. 모멘텀 > 0이 필요합니다.",
    "Nesterov momentum": "네스테로프 모멘텀",
    "Weight decay: adds wd\u00b7\u03b8 to every gradient, pulling weights towards zero.":
        "가중치 감소: 모든 기울기에 wd\u00b7\u03b8를 더해 가중치를 0 쪽으로 당깁니다.",
    "Weight decay": "가중치 감소",
    "LR decay: after t updates Adagrad divides its step by 1 + (t\u22121)\u00b7lr_decay.":
        "학습률 감소: t번 갱신한 뒤 Adagrad는 걸음을 1 + (t\u22121)\u00b7lr_decay로 나눕니다.",
    "LR decay": "학습률 감소",
    "Initial sum: where the sum of squared gradients starts.": "초기 합: 제곱 기울기 합의 시작값.",
    "Initial sum": "초기 합",
    "Epsilon: a tiny number added to the divisor so it is never zero.":
        "엡실론: 나누는 수가 0이 되지 않도록 더하는 아주 작은 수.",
    "Epsilon \u03b5": "엡실론 \u03b5",
    "Alpha: how slowly the mean squared gradient forgets; 0.99 keeps ~100 steps.":
        "알파: 제곱 기울기 평균이 얼마나 천천히 잊는지. 0.99면 약 100걸음을 기억합니다.",
    "Alpha \u03b1": "알파 \u03b1",
    "Centered: divide by the gradient's variance instead of its mean square.":
        "중심화: 제곱 평균 대신 기울기의 분산으로 나눕니다.",
    "Centered": "중심화",
    "Beta1: how slowly the average gradient (the momentum) forgets; 0.9 is usual.":
        "베타1: 평균 기울기(모멘텀)가 얼마나 천천히 잊는지. 보통 0.9.",
    "Beta1 \u03b21": "베타1 \u03b21",
    "Beta2: how slowly the average squared gradient forgets; 0.999 is usual.":
        "베타2: 제곱 기울기 평균이 얼마나 천천히 잊는지. 보통 0.999.",
    "Beta2 \u03b22": "베타2 \u03b22",
    "The optimizer's update rule.": "옵티마이저의 갱신 규칙.",
    "Learning rate": "학습률",
    "Learning rate: how big a step each update takes. Too large overshoots; too small "
    "crawls. Type a value like 0.03 or 1e-4.":
        "학습률: 한 번 갱신할 때의 걸음 크기. 너무 크면 지나치고, 너무 작으면 기어갑니다. "
        "0.03이나 1e-4처럼 입력하세요.",
    "Rate": "학습률",
    "Drag for common learning rates on a log scale (0.00001 to 10).":
        "끌어서 자주 쓰는 학습률을 로그 눈금으로 고릅니다 (0.00001~10).",
    "Schedule: how the learning rate changes from epoch to epoch.":
        "스케줄: 에폭마다 학습률이 어떻게 바뀌는지.",
    "Schedule": "스케줄",
    "Constant: the learning rate never changes.": "상수: 학습률이 바뀌지 않습니다.",
    "Time-based decay: lr = lr0 / (1 + decay\u00b7epoch), shrinking ever more slowly.":
        "시간 기반 감소: lr = lr0 / (1 + decay\u00b7epoch), 점점 더 천천히 줄어듭니다.",
    "Step decay: multiply the learning rate by gamma every few epochs.":
        "계단 감소: 몇 에폭마다 학습률에 감마를 곱합니다.",
    "Exponential decay: multiply the learning rate by gamma every epoch.":
        "지수 감소: 에폭마다 학습률에 감마를 곱합니다.",
    "Decay: lr = lr0 / (1 + decay\u00b7epoch); larger shrinks the rate faster.":
        "감소율: lr = lr0 / (1 + decay\u00b7epoch). 클수록 빨리 줄어듭니다.",
    "Decay": "감소율",
    "Step size: the learning rate is multiplied by gamma every this many epochs.":
        "계단 간격: 이만큼의 에폭마다 학습률에 감마를 곱합니다.",
    "Step every": "계단 간격",
    "Gamma: the factor applied at each decay, e.g. 0.5 halves the learning rate.":
        "감마: 감소할 때마다 곱하는 수. 예: 0.5면 학습률이 절반.",
    "Gamma \u03b3": "감마 \u03b3",
    "The learning rate in each epoch.": "에폭마다의 학습률.",
    "Batches and epochs": "배치와 에폭",
    "Batch size: how many training points each update looks at; 'all' is batch gradient "
    "descent, 1 is stochastic gradient descent.":
        "배치 크기: 한 번 갱신할 때 보는 훈련 점의 수. 'all'은 배치 경사하강, 1은 확률적 "
        "경사하강.",
    "Batch size": "배치 크기",
    "batch GD · 1 step/epoch": "배치 경사하강 · 에폭당 1단계",
    "SGD · {n} steps/epoch": "SGD · 에폭당 {n}단계",
    "mini-batch ({size}) · {n} steps/epoch": "미니배치 ({size}) · 에폭당 {n}단계",
    "Epochs: the most passes over the training data a run makes.":
        "에폭: 한 번의 실행이 훈련 데이터를 최대 몇 번 훑는지.",
    "Epochs": "에폭",
    "Seed: fixes the initial weights and the shuffling, so a run can be repeated exactly.":
        "시드: 초기 가중치와 섞는 순서를 정해, 실행을 똑같이 되풀이할 수 있게 합니다.",
    "Seed": "시드",
    "Regularization": "정규화",
    "L1 rate: penalty on the absolute weights; pushes unneeded weights to exactly zero.":
        "L1 비율: 가중치 절댓값에 대한 벌점. 필요 없는 가중치를 정확히 0으로 밉니다.",
    "L1 rate": "L1 비율",
    "L2 rate: penalty on the squared weights; keeps weights small to fight overfitting.":
        "L2 비율: 가중치 제곱에 대한 벌점. 가중치를 작게 유지해 과적합을 막습니다.",
    "L2 rate": "L2 비율",
    "Early stopping: end training when the monitored value stops improving.":
        "조기 종료: 지켜보는 값이 더 나아지지 않으면 학습을 끝냅니다.",
    "Early stopping": "조기 종료",
    "Monitor: the per-epoch value early stopping watches.": "감시 값: 조기 종료가 에폭마다 지켜보는 값.",
    "Monitor": "감시 값",
    "Validation loss: stop when the loss on held-out data stops falling.":
        "검증 손실: 따로 둔 데이터의 손실이 더 줄지 않으면 멈춥니다.",
    "Validation accuracy: stop when held-out accuracy stops rising.":
        "검증 정확도: 따로 둔 데이터의 정확도가 더 오르지 않으면 멈춥니다.",
    "Training loss: stop when the loss on the training data stops falling.":
        "훈련 손실: 훈련 데이터의 손실이 더 줄지 않으면 멈춥니다.",
    "Training accuracy: stop when training accuracy stops rising.":
        "훈련 정확도: 훈련 정확도가 더 오르지 않으면 멈춥니다.",
    "Patience: how many epochs without improvement to wait before stopping.":
        "인내: 나아지지 않아도 멈추기 전에 기다리는 에폭 수.",
    "Patience": "인내",
    "Min delta: a change smaller than this does not count as an improvement.":
        "최소 변화: 이보다 작은 변화는 개선으로 치지 않습니다.",
    "Min delta": "최소 변화",
    "Restore best weights: when training ends, go back to the best epoch's weights.":
        "최고 가중치 복원: 학습이 끝나면 가장 좋았던 에폭의 가중치로 돌아갑니다.",
    "Restore best weights": "최고 가중치 복원",
    # ---------------------------------------------------------------- canvas
    "inputs": "입력",
    "click to toggle": "클릭해서 켜고 끄기",
    "output": "출력",
    "{n} neuron": "뉴런 {n}개",
    "{n} neurons": "뉴런 {n}개",
    "{n} hidden layer": "은닉층 {n}개",
    "{n} hidden layers": "은닉층 {n}개",
    "dropout {rate}": "드롭아웃 {rate}",
    "add a neuron": "뉴런 추가",
    "remove a neuron": "뉴런 제거",
    "add a hidden layer": "은닉층 추가",
    "remove a hidden layer": "은닉층 제거",
    "Network": "신경망",
    "Settings": "설정",
    "Data and decision boundary": "데이터와 결정 경계",
    "Loss and accuracy curves": "손실과 정확도 곡선",
    # ---------------------------------------------------------------- window messages
    "The window is now in {language}.": "창이 이제 {language}(으)로 나옵니다.",
    "Project": "프로젝트",
    "No installed font can show Korean (Hangul), so the UI is in English. Install the "
    "package fonts-noto-cjk (Linux) or your system's Korean fonts.":
        "한국어(한글)를 표시할 글꼴이 없어 화면을 영어로 보여 줍니다. fonts-noto-cjk "
        "패키지(리눅스)나 운영체제의 한국어 글꼴을 설치하세요.",
    "Training stopped: {reason}.": "학습이 멈췄습니다: {reason}.",
    "Training has finished: {reason}. Press Reset (R) to start again.":
        "학습이 끝났습니다: {reason}. 다시 하려면 초기화(R)를 누르세요.",
    " Change the Seed under Training and press Reset (R) for other initial weights.":
        " 다른 초기 가중치를 쓰려면 학습 설정의 시드를 바꾸고 초기화(R)를 누르세요.",
    "Going on: the epoch limit is now {n} (Ctrl+Z puts it back)":
        "계속합니다: 에폭 한도가 이제 {n}입니다 (Ctrl+Z로 되돌림)",
    "Export data": "데이터 내보내기",
    "Export model": "모델 내보내기",
    "Export image": "그림 내보내기",
    "What to draw:": "무엇을 그릴까요:",
    "The data view": "데이터 화면",
    "The network": "신경망",
    "The curves": "곡선",
    "The whole window": "창 전체",
    "Import data: pick the columns": "데이터 가져오기: 열 고르기",
    "You changed this lesson's setup; Lessons ▸ {title} opens it as it was.":
        "이 수업의 설정을 바꾸었습니다. 수업 ▸ {title}을(를) 열면 원래대로 돌아갑니다.",
    "remove the last one": "마지막 은닉층 제거",
    "A hidden layer: a multi-layer perceptron now, trained by backpropagation ({loss} loss, SGD lr {lr} with momentum, all points per step, {epochs} epochs)":
        "은닉층이 생겼습니다: 이제 다층 퍼셉트론이고 역전파로 학습합니다 ({loss} 손실, 모멘텀을 쓰는 SGD 학습률 {lr}, 단계마다 모든 점, {epochs}에폭)",
    "Saved {path} without weights: the training thread did not answer. Opened again, it starts from fresh weights.":
        "{path}을(를) 가중치 없이 저장했습니다: 학습 스레드가 응답하지 않았습니다. 다시 열면 새 가중치에서 시작합니다.",
    "Saved {path}": "{path}에 저장했습니다",
    "Save project": "프로젝트 저장",
    "Open project": "프로젝트 열기",
    "Playground projects (*.json)": "놀이터 프로젝트 (*.json)",
    "Recovered {what}: save it to keep it": "{what}을(를) 복구했습니다: 남기려면 저장하세요",
    "Unsaved changes": "저장하지 않은 변경",
    "Save your changes before {action}?": "{action} 전에 변경 내용을 저장할까요?",
    "closing": "닫기",
    "opening another project": "다른 프로젝트 열기",
    "opening the lesson": "수업 열기",
    "Import data": "데이터 가져오기",
    "CSV files (*.csv);;All files (*)": "CSV 파일 (*.csv);;모든 파일 (*)",
    "Exported the data to {path}": "데이터를 {path}(으)로 내보냈습니다",
    "Exported {what} to {path}: it takes points (x\u2081, x\u2082)": "{what}을(를) {path}(으)로 내보냈습니다: 점 (x\u2081, x\u2082)를 받습니다",
    "an ONNX model": "ONNX 모델",
    "a PyTorch script": "PyTorch 스크립트",
    "a Keras script": "Keras 스크립트",
    "Saved {what} to {path}": "{what}을(를) {path}에 저장했습니다",
    "(column {i}, no name)": "({i}번째 열, 이름 없음)",
    "The columns of {path} are not named x1, x2, label (or y).<br>Pick the two coordinates and the target; the other columns are left out.":
        "{path}의 열 이름이 x1, x2, label(또는 y)이 아닙니다.<br>두 좌표와 목표 열을 고르세요. 나머지 열은 쓰지 않습니다.",
    "x\u2081 (across)": "x\u2081 (가로)",
    "x\u2082 (up)": "x\u2082 (세로)",
    "target": "목표",
    "The column of the first coordinate": "첫째 좌표의 열",
    "The column of the second coordinate": "둘째 좌표의 열",
    "The column of the class label or the value": "클래스 이름이나 값의 열",
    "classes: the target is a label (classification)": "클래스: 목표가 이름입니다 (분류)",
    "numbers: the target is a value (regression)": "수: 목표가 값입니다 (회귀)",
    "x\u2081, x\u2082 and the target must be three different columns.": "x\u2081, x\u2082와 목표는 서로 다른 세 열이어야 합니다.",
    "Canvas (Tab to it): arrows move, Enter toggles an input or opens a layer's menu, + / − add or remove a neuron, L adds a layer, Delete removes one, W types a weight":
        "신경망 그림 (Tab으로 이동): 화살표로 움직이고, Enter는 입력을 켜고 끄거나 층의 메뉴를 엽니다. + / −는 뉴런 추가·제거, L은 층 추가, Delete는 층 제거, W는 가중치 입력",
    "(hover a neuron for its own numbers)": "(뉴런에 마우스를 올리면 그 뉴런의 숫자가 보입니다)",
    "output = {out}": "출력 = {out}",
    "   (target {target})": "   (목표 {target})",
    "Export...": "내보내기...",
    "Export": "내보내기",
    "g ← g + wd·θ;  b ← μ·b + (1−dampening)·g  (b = g on the first step);  θ ← θ − lr·(g + μ·b if nesterov else b).  While lr is constant this is the textbook v ← μ·v − lr·g; θ ← θ + v, with v = −lr·b":
        "g ← g + wd·θ;  b ← μ·b + (1−dampening)·g  (첫 단계에서는 b = g);  θ ← θ − lr·(nesterov이면 g + μ·b, 아니면 b).  lr이 일정하면 교과서의 v ← μ·v − lr·g; θ ← θ + v와 같습니다 (v = −lr·b)",
    "v ← α·v + (1−α)·g²;  centered: ḡ ← α·ḡ + (1−α)·g, v̂ = v − ḡ² (else v̂ = v);  μ > 0: b ← μ·b + g/(√v̂ + ε), θ ← θ − lr·b;  μ = 0: θ ← θ − lr·g/(√v̂ + ε)":
        "v ← α·v + (1−α)·g²;  중심화: ḡ ← α·ḡ + (1−α)·g, v̂ = v − ḡ² (아니면 v̂ = v);  μ > 0: b ← μ·b + g/(√v̂ + ε), θ ← θ − lr·b;  μ = 0: θ ← θ − lr·g/(√v̂ + ε)",
    "Epoch {n}": "에폭 {n}",
    " (figures of epoch {n}'s weights, restored)": " (복원한 에폭 {n} 가중치의 값)",
    "step {i}/{n} ({all} in all)": "단계 {i}/{n} (모두 {all})",
    "loss {loss} · val {val}": "손실 {loss} · 검증 {val}",
    "accuracy {acc} · val {val}": "정확도 {acc} · 검증 {val}",
    "test {loss}": "테스트 {loss}",
    "compiled": "컴파일됨",
    "NumPy": "NumPy",
    "{n} steps/s ({path})": "초당 {n}단계 ({path})",
    "SGD": "SGD",
    "mini-batch": "미니배치",
    # canvas: menus, captions, tool tips
    'dropped in this step (dropout {rate})':
        '이번 단계에서 꺼짐 (드롭아웃 {rate})',
    'click to type a new value':
        '클릭해서 새 값 입력',
    'click for the chain rule, with its numbers':
        '클릭하면 숫자로 된 연쇄 법칙',
    'its own step size now: {rate} per unit of gradient (lr / (√(its Σg²) + ε))':
        '지금 이 가중치의 걸음 크기: 기울기 1당 {rate} (lr / (√(Σg²) + ε))',
    '∂L/∂w = {g} over the training points':
        '훈련 점 전체에 대한 ∂L/∂w = {g}',
    'Edit weight':
        '가중치 고치기',
    'Weight {src} → {dst}:':
        '가중치 {src} → {dst}:',
    'Activation':
        '활성화 함수',
    'Dropout':
        '드롭아웃',
    '0 (off)':
        '0 (끔)',
    'Insert layer before':
        '앞에 층 끼워 넣기',
    'Insert layer after':
        '뒤에 층 끼워 넣기',
    'Remove this layer':
        '이 층 제거',
    'Add neuron':
        '뉴런 추가',
    'Remove neuron':
        '뉴런 제거',
    'layer {l}, neuron {j}':
        '층 {l}, 뉴런 {j}',
    'output {j}':
        '출력 {j}',
    'click to switch it off':
        '클릭하면 끕니다',
    'not used: click to switch it on':
        '쓰지 않음: 클릭하면 켭니다',
    'right-click for activation':
        '오른쪽 클릭: 활성화 함수',
    'right-click for activation, dropout, layers':
        '오른쪽 클릭: 활성화 함수, 드롭아웃, 층',
    'dead ReLU: 0 everywhere on this plane, so no gradient flows through it':
        '죽은 ReLU: 이 평면 어디서나 0이라 기울기가 흐르지 않습니다',
    "Rosenblatt's threshold unit: 0 or 1. Not differentiable, so only a single perceptron layer can learn with it (by the perceptron rule).":
        '로젠블랫의 문턱 단위: 0 아니면 1. 미분할 수 없어서 퍼셉트론 층 하나만 (퍼셉트론 규칙으로) 배울 수 있습니다.',
    'No squashing: for regression outputs.':
        '찌그러뜨리지 않습니다: 회귀 출력용.',
    'Squashes to (0, 1): a probability for binary classification.':
        '(0, 1)로 눌러 담습니다: 이진 분류의 확률.',
    'Squashes to (−1, 1), centred at 0.':
        '(−1, 1)로 눌러 담습니다. 0이 가운데입니다.',
    'Rectified linear unit: fast, no saturation for z > 0.':
        '정류 선형 단위: 빠르고, z > 0에서 포화되지 않습니다.',
    'ReLU with a small slope for z < 0, so no neuron dies.':
        'z < 0에서 작은 기울기가 있는 ReLU라 뉴런이 죽지 않습니다.',
    'Turns the output layer into class probabilities that sum to 1.':
        '출력층을 합이 1인 클래스 확률로 바꿉니다.',
    # curves, views, explanations
    'best epoch {n} (weights restored)':
        '최고 에폭 {n} (가중치 복원)',
    'best epoch {n}':
        '최고 에폭 {n}',
    'best epoch':
        '최고 에폭',
    'early stop':
        '조기 종료',
    "{name}'s line is outside the view:\nevery point is on one side":
        '{name}의 직선이 보이는 범위 밖에 있습니다:\n모든 점이 한쪽에 있습니다',
    'outside the view: {names}':
        '보이는 범위 밖: {names}',
    'the output spans {lo} to {hi}, far off this scale':
        '출력이 {lo}에서 {hi}까지로, 이 눈금을 한참 벗어납니다',
    'example: (x₁, x₂) = ({x1}, {x2}), target {target}':
        '예제: (x₁, x₂) = ({x1}, {x2}), 목표 {target}',
    'no hidden layer: the output neuron sees the inputs themselves. Add a hidden layer with 2 neurons (+ above the network)':
        '은닉층이 없습니다: 출력 뉴런이 입력을 그대로 봅니다. 뉴런 2개짜리 은닉층을 더하세요 (신경망 위의 +)',
    'the last hidden layer has 1 neuron: a hidden plane needs 2. Add a neuron to it (+ above the layer)':
        '마지막 은닉층에 뉴런이 1개뿐입니다: 은닉 평면에는 2개가 필요합니다. 뉴런을 더하세요 (층 위의 +)',
    '6 ReLU layers':
        'ReLU 6층',
    'batch GD (all points per step)':
        '배치 경사하강 (단계마다 모든 점)',
    'no momentum (μ = 0)':
        '모멘텀 없음 (μ = 0)',
    'SGD, same learning rate':
        'SGD, 같은 학습률',
    'no dropout: validation':
        '드롭아웃 없음: 검증',
    # the chain rule panel (engine.explain.Chain.text)
    '∂L/∂w for w = {weight} = {value}, one example:':
        'w = {weight} = {value}: 예제 하나에 대한 ∂L/∂w',
    '(∂L/∂a = Σ ∂L/∂zₖ·wₖ over {names} = {parts})':
        '(∂L/∂a = {names}에 대한 Σ ∂L/∂zₖ·wₖ = {parts})',
    'Over all {n} training points (their mean): ∂L/∂w = {g}':
        '훈련 점 {n}개 전체(평균): ∂L/∂w = {g}',
    'Gradient descent: w_new = w − lr·∂L/∂w = {w} − {lr}·({g}) = {new}':
        '경사하강: w_new = w − lr·∂L/∂w = {w} − {lr}·({g}) = {new}',
    'the input {source} the weight multiplies':
        '이 가중치가 곱해지는 입력 {source}',
    '1: a bias multiplies 1':
        '1: 편향은 1에 곱해집니다',
    '{name} minus its target: how far the output is off':
        '{name} 빼기 목표값: 출력이 얼마나 틀렸는지',
    "how the loss changes with {name}'s output":
        '{name}의 출력에 따라 손실이 변하는 정도',
    'what the neurons after {name} pass back to it':
        '{name} 다음 뉴런들이 거꾸로 전해 주는 값',
    "{f}'(z) at z = {z}":
        "z = {z}에서의 {f}'(z)",
}
