// The lesson tour: one entry a scene, in the order of the course.
//
//   state      the page's URL state for the scene (state.js names; everything else at its default)
//   panel      the live panel beside the explanation (lessons/panels.js names it to a module)
//   highlight  names of page elements the text talks about (lessons/highlight.js maps them)
//   title, text  {ko, en}: text is a list of paragraphs. Our own words, for saying aloud.
//
// No result is written here: every number a panel shows is fetched from the API.

const SHORT = "hello";
const LONG = "hello world, hello rnn"; // 21 steps: long enough for the gradient to fade
const WORDS = "hello world";
// the backward pass of a small RNN on WORDS, at its first step (scenes 12 and 14)
const BACKWARD = { text: WORDS, cell: "rnn", hidden: 8, phase: "bwd", step: 1, hide: ["heatmaps", "detail"] };
// the panel classifies the /tasks page's reviews; the page's own model stays small (16 and 17)
const REVIEWS = { text: "boring", cell: "rnn", hidden: 8, hide: ["heatmaps", "charts", "detail"] };

export const SCENES = [
  {
    state: { text: SHORT, cell: "rnn", hidden: 8, hide: ["heatmaps"] },
    panel: "encoding",
    highlight: ["tokens", "onehot"],
    title: { ko: "순차 데이터와 원-핫 인코딩", en: "Sequence data and one-hot encoding" },
    text: {
      ko: [
        "순서에 의미가 있는 데이터를 순차 데이터 또는 시퀀스라고 합니다. 문장, 녹음된 음성, 날마다 잰 기온이 모두 시퀀스입니다. 여기서는 네트워크가 hello를 한 글자씩 읽습니다.",
        "글자는 먼저 숫자로 바꿔야 합니다. 서로 다른 글자 h, e, l, o가 어휘 사전이 되고, 각 글자는 자기 자리만 1이고 나머지는 모두 0인 벡터가 됩니다. 이것이 원-핫 인코딩입니다. 네트워크 아래쪽의 ‘원-핫 x’ 줄에서 확인할 수 있습니다.",
        "원-핫 벡터의 길이는 어휘 사전의 크기와 같고, 값은 거의 다 0입니다. 단어가 500개라면 벡터의 길이도 500입니다. 임베딩은 토큰마다 짧은 실수 벡터를 하나씩 두고, 그 값을 학습으로 정합니다. 오른쪽 표에 두 표현을 나란히 놓았습니다.",
      ],
      en: [
        "A sequence is data whose order carries meaning: a sentence, a recording, the temperature day after day. Here the network reads hello one character at a time.",
        "Characters have to become numbers first. The distinct characters, h, e, l and o, make the vocabulary, and each becomes a vector with a 1 in its own slot and 0 everywhere else: its one-hot encoding. See the one-hot x row near the bottom of the network.",
        "A one-hot vector is as long as the vocabulary and almost all zeros: 500 words make 500 slots. An embedding gives every token a short vector of real numbers whose values are learned. The table on the right sets the two side by side.",
      ],
    },
  },
  {
    state: { text: SHORT, cell: "rnn", hidden: 8, step: 2, hide: ["heatmaps"] },
    panel: "sharing",
    highlight: ["recurrent"],
    title: { ko: "RNN 한 타임스텝의 계산과 파라미터 공유", en: "One RNN step, the same weights every step" },
    text: {
      ko: [
        "RNN은 타임스텝마다 두 가지를 받습니다. 방금 들어온 입력 xₜ와 직전 타임스텝의 은닉 상태 hₜ₋₁입니다. 각각에 W_xh와 W_hh를 곱해 더한 뒤 tanh를 통과시키면 새 은닉 상태가 됩니다: hₜ = tanh(W_hh hₜ₋₁ + W_xh xₜ + b).",
        "출력은 yₜ = W_hy hₜ이고, 소프트맥스를 거치면 다음 글자의 확률이 됩니다. 네트워크 위쪽의 작은 막대그래프가 그 확률입니다. 페이지 아래쪽의 셀 내부 패널은 타임스텝 2의 수식에 실제 값을 넣어 보여 줍니다.",
        "시간 방향으로 펼치면 타임스텝마다 셀이 따로 있는 것처럼 보이지만, 모든 타임스텝이 똑같은 W_xh, W_hh, W_hy를 씁니다. 이것이 파라미터 공유입니다. 그래서 입력이 길어져도 파라미터는 하나도 늘지 않습니다.",
      ],
      en: [
        "At every step the RNN takes two things: the input xₜ that just arrived and its own hidden state from the step before, hₜ₋₁. It multiplies them by W_xh and W_hh, adds them up and squashes the sum with tanh: hₜ = tanh(W_hh hₜ₋₁ + W_xh xₜ + b).",
        "The output is yₜ = W_hy hₜ, and a softmax turns it into probabilities for the next character: the small bars at the top of the network. The cell detail further down the page shows step 2 with its actual numbers.",
        "Unrolled, it looks like one cell per step, but every step uses the very same W_xh, W_hh and W_hy. That is parameter sharing, and it is why a longer input does not need a single extra parameter.",
      ],
    },
  },
  {
    state: { text: SHORT, cell: "gru", hidden: 8, train_steps: 200, hide: ["heatmaps", "detail"] },
    panel: "tasks",
    highlight: ["predictions"],
    title: { ko: "시퀀스 문제의 네 가지 유형", en: "The four shapes of sequence tasks" },
    text: {
      ko: [
        "입력이 하나인지 여러 개인지, 답을 한 번만 내는지 타임스텝마다 내는지에 따라 문제를 네 가지로 나눕니다. 오른쪽 카드는 모두 서버가 지금 실제로 계산한 결과입니다.",
        "다대다는 지금까지 본 문자 모델로, 타임스텝마다 다음 글자를 예측합니다. 다대일은 입력을 끝까지 읽고 답을 한 번만 냅니다. 감정 분류가 대표적인 예이고, 여기서는 10번 장면의 기억 과제를 작은 규모로 돌렸습니다. 카드 아래에는 실제 문장 분류기(영화평)와, 다대다의 다른 형태인 인코더-디코더(시퀀스-투-시퀀스)의 결과도 있습니다.",
        "일대다는 시작 글자 하나만 받고, 뽑은 글자를 다음 입력으로 다시 넣으면서 글을 이어 갑니다. 온도를 낮추면 가장 그럴듯한 글자만 고르고, 높이면 예상 밖의 글자도 섞여 나옵니다. 일대일은 비교를 위해 넣었습니다. 순환이 없으므로 보통의 순방향 신경망과 같습니다.",
      ],
      en: [
        "Tasks differ by whether they read one input or many, and answer once or at every step. Every card on the right is computed live by the server.",
        "Many-to-many is our character model: a guess of the next character at every step. Many-to-one reads to the end and answers once, like sentiment classification; here it is a small run of the recall task from scene 10. Under the cards: a real sentence classifier on movie reviews, and the other many-to-many, an encoder-decoder (sequence to sequence).",
        "One-to-many gets a single start character and feeds each character it draws back in as the next input. A low temperature keeps to the likeliest characters, a high one lets surprises in. One-to-one is there for contrast: without recurrence it is a plain feed-forward network.",
      ],
    },
  },
  {
    state: { text: SHORT, cell: "rnn", hidden: 8, train_steps: 200, hide: ["heatmaps", "detail"] },
    panel: "bptt",
    highlight: ["predictions"],
    title: { ko: "BPTT(시간에 따른 역전파)로 학습하기", en: "Training with backpropagation through time" },
    text: {
      ko: [
        "손실은 타임스텝마다 구한 교차 엔트로피를 모두 더한 값입니다: L = L₁ + L₂ + … + L_T. 오른쪽 위 표에 이 모델의 타임스텝별 손실과 그 합이 나와 있습니다.",
        "모든 타임스텝이 가중치를 공유하므로 기울기도 모든 타임스텝에서 모아야 합니다. 네트워크를 시간 방향으로 펼친 다음, 마지막 타임스텝부터 첫 타임스텝까지 거꾸로 역전파합니다. 이것이 BPTT입니다. b 키를 누르면 기울기가 오른쪽에서 왼쪽으로 흘러가는 모습을 볼 수 있습니다.",
        "아래 표는 같은 모델을 학습 횟수만 늘려 가며 다시 계산한 결과입니다. 학습할수록 틀렸던 예측이 맞는 쪽으로 바뀌고 손실이 줄어듭니다. 옆의 곡선은 학습을 한 번 할 때마다 잰 손실이고, 곡선 위의 점은 표에 있는 모델의 손실입니다.",
      ],
      en: [
        "The loss is the cross-entropy of every step, added up: L = L₁ + L₂ + … + L_T. The table at the top right lists them for this model, with their sum.",
        "All steps share the weights, so the gradient has to be collected from all steps too: unroll the network in time, then backpropagate from the last step to the first. That is BPTT. Press b to watch the gradient flow from right to left.",
        "The table below recomputes the same model after more and more training steps: the wrong guesses turn right and the loss falls. The curve beside it is the loss after every training step; its dots are the models of the table.",
      ],
    },
  },
  {
    state: { text: LONG, cell: "rnn", hidden: 16, w_hh_sigma: 1, hide: ["network", "detail", "charts", "heatmaps"] },
    panel: "vanish",
    highlight: [],
    title: { ko: "기울기 소실이 일어나는 이유", en: "Why gradients vanish" },
    text: {
      ko: [
        "한 타임스텝 거슬러 올라갈 때마다 기울기에는 야코비안 diag(f′(aₜ)) W_hh가 곱해집니다. 멀리 거슬러 갈수록 이런 곱이 계속 쌓입니다.",
        "활성화 함수의 도함수는 작습니다. 첫 번째 그래프에서 보듯 시그모이드 도함수의 최댓값은 0.25, tanh 도함수의 최댓값은 1입니다. 그래서 한 타임스텝을 지날 때 기울기의 크기는 많아야 γ·σ_max배가 됩니다. 여기서 γ는 도함수의 최댓값, σ_max는 W_hh의 최대 특이값입니다.",
        "슬라이더로 σ_max를 0.5에서 3까지 바꿔 보세요. 실선은 실제로 잰 ‖∂L_T/∂h_t‖이고, 점선은 상한 (γ·σ_max)^(T−t)입니다. γ·σ_max가 1보다 작으면 상한 자체가 지수적으로 줄어들고, 측정값은 언제나 그 아래에 있습니다.",
      ],
      en: [
        "Each step back in time multiplies the gradient by the Jacobian diag(f′(aₜ)) W_hh. The further back, the more of these factors pile up.",
        "The derivatives of the activations are small: as the first chart shows, sigmoid′ peaks at 0.25 and tanh′ at 1. So one step can multiply the gradient's size by at most γ·σ_max, where γ is the derivative's maximum and σ_max the largest singular value of W_hh.",
        "Move σ_max from 0.5 to 3 with the slider. The solid line is the measured ‖∂L_T/∂h_t‖, the dashed one the bound (γ·σ_max)^(T−t). When γ·σ_max is below 1 the bound itself decays exponentially, and the measured curve always stays under it.",
      ],
    },
  },
  {
    state: {
      text: LONG,
      cell: "rnn",
      hidden: 16,
      w_hh_sigma: 2,
      clip: 1,
      optimizer: "sgd",
      lr: 0.3,
      hide: ["network", "detail", "heatmaps"],
    },
    panel: "clipping",
    highlight: ["facts"],
    title: { ko: "기울기 폭주와 기울기 클리핑", en: "Exploding gradients and clipping" },
    text: {
      ko: [
        "반대로 W_hh가 크면 곱이 점점 커져서 기울기가 폭주할 수 있습니다. 그러면 업데이트 한 번에 가중치가 엉뚱한 곳으로 튀어 나가고, 손실은 줄기는커녕 치솟습니다.",
        "기울기 클리핑은 전체 기울기의 노름이 임계값 c를 넘으면 기울기의 크기를 다시 맞춥니다. 방향은 그대로 두고 길이만 c로 줄입니다: g\u00a0←\u00a0g\u00a0·\u00a0c\u00a0/\u00a0‖g‖.",
        "오른쪽 첫 번째 그래프는 파라미터별 기울기 노름을 클리핑 전과 후로 보여 줍니다. 두 번째 그래프는 같은 설정(SGD, 큰 학습률)에서 클리핑 없이 학습할 때와 클리핑을 켜고 학습할 때의 손실입니다.",
      ],
      en: [
        "The other way round, a large W_hh makes the product grow and the gradient can explode. One update then throws the weights far away and the loss shoots up instead of down.",
        "Gradient clipping rescales the whole gradient when its norm exceeds a threshold c: the direction stays, the length becomes c. That is g\u00a0←\u00a0g\u00a0·\u00a0c\u00a0/\u00a0‖g‖.",
        "On the right, first: each parameter's gradient norm before and after clipping. Then: the same setup (SGD, a large learning rate) trained without clipping and with it.",
      ],
    },
  },
  {
    state: {
      text: WORDS,
      cell: "rnn",
      hidden: 8,
      truncate: 4,
      phase: "bwd",
      step: 1,
      hide: ["heatmaps", "detail"],
    },
    panel: "truncation",
    highlight: ["gradlabels"],
    title: { ko: "Truncated BPTT: 기울기가 멈추는 곳", en: "Truncated BPTT: where the gradient stops" },
    text: {
      ko: [
        "입력이 길면 처음까지 역전파하는 데 계산이 많이 듭니다. Truncated BPTT는 각 손실 Lₜ의 기울기를 k 타임스텝 전까지만 보내고, 거기서 끊습니다.",
        "그래프의 세로 점선이 끊는 지점입니다. 그보다 앞선 타임스텝에는 마지막 손실의 기울기가 전혀 닿지 않고, 네트워크의 역전파 화살표도 거기서 멈춥니다.",
        "k를 바꿔 보세요. 계산량은 줄지만, k 타임스텝보다 멀리 떨어진 입력 사이의 관계는 더 이상 배울 수 없습니다.",
      ],
      en: [
        "On a long input, backpropagating all the way to the start is expensive. Truncated BPTT sends the gradient of each loss Lₜ back only k steps and cuts it there.",
        "The dashed vertical line marks the cut. No gradient of the last loss reaches the steps before it, and the backward arrows in the network stop there as well.",
        "Change k. The work shrinks, but the model can no longer learn anything that links steps more than k apart.",
      ],
    },
  },
  {
    state: { text: WORDS, cell: "lstm", hidden: 8, hide: ["heatmaps"] },
    panel: "lstm",
    highlight: ["belt"],
    title: { ko: "LSTM: 덧셈으로 이어지는 셀 상태", en: "LSTM: the cell state, an additive path" },
    text: {
      ko: [
        "LSTM은 은닉 상태 옆에 통로를 하나 더 둡니다. 바로 셀 상태 c입니다. 네트워크를 가로지르는 노란 띠가 셀 상태를 나타냅니다.",
        "cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ. 셀 상태는 덮어쓰지 않고 더해서 갱신합니다. 그래서 c를 따라 곧장 거슬러 가는 기울기에는 망각 게이트(forget gate) f만 곱해집니다. 입력 게이트 i는 새 정보를 얼마나 더할지, 출력 게이트 o는 셀 상태를 얼마나 내보낼지 정합니다.",
        "f가 1에 가까우면 기울기는 거의 줄지 않고 지나갑니다. 망각 게이트의 편향을 크게 주면 처음부터 f가 1에 가까워집니다. 편향을 바꿔 가며 같은 입력에서 RNN과 LSTM의 기울기가 줄어드는 모습을 비교해 보세요.",
      ],
      en: [
        "An LSTM keeps a second path next to the hidden state: the cell state c, the yellow belt running across the network.",
        "cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ. The cell state is updated by adding, not by overwriting, so a gradient travelling straight back along c is only multiplied by the forget gate f. The input gate i decides how much new information goes in, the output gate o how much of the cell state comes out.",
        "With f close to 1 the gradient passes almost untouched, and a large forget-gate bias puts f close to 1 from the start. Change the bias and compare how the gradient of the RNN and of the LSTM fades on the same input.",
      ],
    },
  },
  {
    state: { text: SHORT, cell: "gru", hidden: 8, hide: ["network", "heatmaps"] },
    panel: "params",
    highlight: ["facts", "celldiagram"],
    title: { ko: "GRU: 게이트 두 개, 더 적은 파라미터", en: "GRU: two gates, fewer parameters" },
    text: {
      ko: [
        "GRU는 LSTM을 단순하게 만든 구조입니다. 셀 상태를 따로 두지 않고 은닉 상태 하나만 쓰며, 게이트도 두 개뿐입니다.",
        "리셋 게이트 r은 후보 은닉 상태 n을 만들 때 이전 은닉 상태를 얼마나 반영할지 정합니다. 업데이트 게이트 z는 이전 은닉 상태와 후보를 어떤 비율로 섞을지 정합니다: hₜ = (1 − zₜ) ⊙ nₜ + zₜ ⊙ hₜ₋₁. 아래 셀 그림이 바로 이 계산입니다.",
        "게이트가 적은 만큼 파라미터도 적고 계산도 빠릅니다. 표는 /api/v1/cells의 공식으로 계산했고, 강의 자료의 Keras 예제(유닛 8개인 SimpleRNN, 입력은 길이 500인 원-핫 또는 16차원 임베딩)도 넣었습니다. PyTorch는 편향 벡터를 두 개(b_ih, b_hh) 두어서 RNN과 LSTM에서는 Keras보다 조금 많습니다. Keras의 GRU도 편향 벡터가 두 개라 GRU에서는 두 값이 같습니다.",
      ],
      en: [
        "The GRU is a simplified LSTM: no separate cell state, just the hidden state, and only two gates.",
        "The reset gate r decides how much of the past state goes into the candidate n; the update gate z decides how to mix the old state with the candidate: hₜ = (1 − zₜ) ⊙ nₜ + zₜ ⊙ hₜ₋₁. The cell diagram below draws this step.",
        "Fewer gates mean fewer parameters and faster steps. The table uses the formulas of /api/v1/cells and adds the Keras example of the course notes (a SimpleRNN of 8 units on a one-hot input of 500, or on an embedding of 16). PyTorch keeps two bias vectors (b_ih, b_hh), so for the RNN and the LSTM it counts a few more than Keras; Keras' GRU keeps two as well, so there the counts agree.",
      ],
    },
  },
  {
    state: { text: SHORT, cell: "gru", hidden: 8, seed: 0, hide: ["network", "detail", "charts", "heatmaps"] },
    panel: "recall",
    highlight: [],
    title: { ko: "장기 의존성 실험: 첫 기호 기억하기", en: "Long-term dependency: remember the first symbol" },
    text: {
      ko: [
        "먼저 기호 하나(A, B, C, D 중 하나)가 나오고, 방해 글자 N개가 이어진 뒤 마지막에 ?가 나옵니다. ?에서 네트워크는 맨 처음 기호를 답해야 합니다. 입력은 여러 개, 답은 하나인 다대일 문제입니다.",
        "정답을 맞히려면 마지막 손실의 기울기가 N+1 타임스텝을 거슬러 첫 타임스텝까지 가야 합니다. 표의 ‖∂L/∂h₁‖ / ‖∂L/∂h_T‖는 그중 얼마만큼이 도착하는지를 나타냅니다. 이 값이 아주 작으면 첫 타임스텝은 사실상 학습 신호를 받지 못합니다.",
        "세 셀을 같은 시드로 지금 바로 학습시킵니다. LSTM은 망각 게이트 편향을, GRU는 업데이트 게이트 편향을 크게 주고 시작합니다. 결과는 나온 그대로 보여 주니, 다른 시드로도 해 보세요.",
      ],
      en: [
        "A symbol (one of A, B, C, D) comes first, then N distractor letters, then a ?. At the ? the network must name the first symbol. Many inputs, one answer: a many-to-one task.",
        "To get it right, the gradient of that last loss has to travel N+1 steps back to the first one. The table's ‖∂L/∂h₁‖ / ‖∂L/∂h_T‖ is how much of it arrives; when it is tiny, the first step gets practically no learning signal.",
        "The three cells are trained right now on the same seed, the LSTM starting with a large forget-gate bias and the GRU with a large update-gate bias. The results are shown as they come out: try other seeds.",
      ],
    },
  },
  {
    state: { text: SHORT, cell: "gru", hidden: 8, layers: 3, train_steps: 200, hide: ["heatmaps", "detail"] },
    panel: "stacked",
    highlight: ["layers"],
    title: { ko: "심층 RNN: 순환층 쌓기", en: "Deeper: stacked recurrent layers" },
    text: {
      ko: [
        "순환층을 여러 개 쌓으면, 한 층이 모든 타임스텝에서 내놓은 은닉 상태가 바로 위층의 입력 시퀀스가 됩니다. 소프트맥스로 이어지는 것은 맨 위층뿐입니다.",
        "오른쪽 히트맵은 층마다 은닉 상태를 타임스텝별로 그린 것입니다. 같은 글자를 읽어도 층마다 값이 다릅니다.",
        "층이 깊어지면 기울기는 시간 방향뿐 아니라 층 방향으로도 거슬러 가야 합니다. 아래 그래프는 마지막 손실의 기울기가 과거로 갈수록 어떻게 변하는지 층별로 보여 줍니다.",
      ],
      en: [
        "Stack recurrent layers and the hidden states a layer produces at every step become the input sequence of the layer above. Only the top layer feeds the softmax.",
        "The heatmaps on the right show each layer's hidden state step by step. The same characters give different values on each layer.",
        "With depth the gradient has to travel back through the layers as well as through time. The chart below shows, layer by layer, how the last loss's gradient changes as it goes back in time.",
      ],
    },
  },
  {
    state: { ...BACKWARD, activation: "relu", init: "identity" },
    panel: "fixes",
    highlight: ["gradlabels"],
    title: {
      ko: "기울기 소실을 줄이는 방법: ReLU와 초기화, 잔차 연결",
      en: "Fixing vanishing gradients: ReLU, initialisation, residual connections",
    },
    text: {
      ko: [
        "활성화 함수를 ReLU로 바꾸기만 하면 기울기 소실이 해결될 것 같지만, PyTorch 기본 초기화에서는 오히려 tanh보다 더 빨리 사라집니다. 왼쪽 그래프의 주황색 선입니다. ReLU는 음수 입력에서 도함수가 0이고, 작은 무작위 W_hh는 타임스텝마다 기울기를 줄이기 때문입니다.",
        "IRNN은 W_hh를 단위 행렬로, 순환 편향을 0으로 시작합니다. 그러면 ReLU가 켜진 유닛에서는 기울기가 거의 그대로 과거로 전달됩니다(초록색 선). tanh를 쓰더라도 W_hh를 직교 행렬로 초기화하면 특이값이 모두 1이므로 W_hh 자체는 기울기를 줄이지 않습니다. 표의 버튼을 누르면 그 모델을 네트워크에서 볼 수 있습니다.",
        "층을 쌓을 때는 잔차 연결이 같은 역할을 합니다. 층의 출력을 셀의 h에 입력을 더한 값으로 두면, 기울기가 덧셈을 거쳐 아래층까지 줄지 않고 내려갑니다. 오른쪽 그래프는 마지막 타임스텝에서 세 층 각각에 도달한 기울기입니다.",
      ],
      en: [
        "Swapping tanh for ReLU looks like the cure, yet with PyTorch's default initialisation the gradient vanishes even faster than with tanh: the orange line on the left. ReLU's derivative is 0 for negative inputs, and a small random W_hh shrinks the gradient at every step.",
        "The IRNN starts W_hh as the identity and the recurrent biases at 0, so wherever ReLU is on the gradient passes back almost unchanged (green). With tanh, an orthogonal W_hh has every singular value equal to 1 and does not shrink the gradient itself. The buttons in the table put each model on the network.",
        "Across stacked layers residual connections do the same job: a layer's output is its cell's h plus its input, so the gradient comes down through the addition undiminished. The chart on the right shows what reaches each of three layers at the last step.",
      ],
    },
  },
  {
    state: {
      text: WORDS,
      cell: "rnn",
      hidden: 16,
      spectral_radius: 0.9,
      train: "readout",
      optimizer: "ridge",
      train_steps: 1,
      hide: ["heatmaps", "detail"],
    },
    panel: "echo",
    highlight: ["facts"],
    title: { ko: "에코 상태 네트워크(ESN): 출력층만 학습하기", en: "Echo state networks: train only the readout" },
    text: {
      ko: [
        "에코 상태 네트워크는 입력 가중치와 W_hh를 무작위로 정한 뒤 학습하지 않습니다. 이 고정된 순환층을 저수지(reservoir)라고 부르고, 학습하는 것은 은닉 상태를 읽는 출력층뿐입니다. 그래서 BPTT가 필요 없고, 출력층은 릿지 회귀로 한 번에 풀 수 있습니다.",
        "저수지가 쓸모 있으려면 입력의 메아리가 점점 사라져야 합니다. W_hh의 스펙트럼 반경 ρ(고유값 절댓값의 최댓값)가 1보다 작으면, 두 번째 글자만 다른 두 입력의 은닉 상태 차이가 타임스텝마다 줄어듭니다. 1보다 크면 차이가 남아 있을 수 있습니다(은닉 유닛이 아주 적으면 tanh가 포화되어 이때도 사라지기도 합니다). 슬라이더로 ρ를, 위에서 시드를 바꿔 보세요.",
        "오른쪽 표는 같은 저수지로 학습한 결과입니다. 출력층만 학습하면 과거로 한 타임스텝도 거슬러 가지 않습니다. 릿지 회귀는 교차 엔트로피가 아니라 원-핫 목표와의 제곱 오차를 최소화하므로 손실은 Adam보다 높지만, 계산은 한 번의 풀이로 끝납니다. 다만 저수지가 이미 잊어버린 입력은 어떤 출력층으로도 되살릴 수 없습니다. 가중치를 모두 학습하면 손실은 더 낮아지지만, 그만큼 BPTT로 많은 타임스텝을 거슬러 가야 합니다.",
      ],
      en: [
        "An echo state network draws its input weights and W_hh at random and never trains them. The fixed recurrent layer is the reservoir; only the readout that reads its hidden state is learned, with no BPTT at all: ridge regression solves for it in one step.",
        "A useful reservoir lets the echo of an input fade. When the spectral radius ρ of W_hh (its largest eigenvalue magnitude) is below 1, the states of two inputs that differ only in their second character draw closer step by step; above 1 it can stay (with very few hidden units tanh saturates and it may fade all the same). Move ρ with the slider, and try other seeds.",
        "The table trains on the same reservoir. Training the readout walks back through no step at all. Ridge regression minimises the squared error to the one-hot targets, not the cross-entropy, so its loss is above Adam's, but it is a single solve. Still, no readout can bring back an input the reservoir has already forgotten. Training every weight reaches a lower loss, at the price of BPTT walking back through many steps.",
      ],
    },
  },
  {
    state: { ...BACKWARD, truncate: 4, truncate_mode: "chunk" },
    panel: "chunks",
    highlight: ["gradlabels"],
    title: { ko: "청크로 자르는 Truncated BPTT와 그 비용", en: "Truncated BPTT in chunks, and what it costs" },
    text: {
      ko: [
        "Truncated BPTT를 코드로 쓸 때는 보통 시퀀스를 k 타임스텝씩 청크로 자릅니다. 청크마다 순전파와 역전파를 하고, 다음 청크로 넘어가기 전에 h.detach()를 부릅니다. 은닉 상태 값은 그대로 이어지지만, 기울기는 청크 경계를 넘어가지 못합니다.",
        "7번 장면의 방식(윈도)은 손실마다 k 타임스텝씩 따로 거슬러 갑니다. 손실이 T개이므로 약 k × T 타임스텝을 걷게 되고, k가 크면 전체 BPTT보다도 많이 걷습니다. 청크 방식은 모든 타임스텝을 한 번씩만 걷습니다. 표의 숫자가 실제로 걸은 셀 타임스텝 수입니다.",
        "대신 청크 방식에서는 손실마다 거슬러 가는 길이가 다릅니다. 청크의 마지막 손실은 k 타임스텝을 거슬러 가지만, 청크의 첫 손실은 자기 타임스텝에서 바로 멈춥니다. 그래프의 막대는 손실마다 거슬러 가는 타임스텝 수이고, 점선은 청크 경계입니다. 윈도는 이 막대를 하나씩 따로 걷지만, 청크는 한 번의 역전파로 청크 안의 모든 손실을 함께 나릅니다.",
      ],
      en: [
        "Written as code, truncated BPTT usually cuts the sequence into chunks of k steps: forward and backward over a chunk, then h.detach() before the next one. The hidden state's values carry on, but the gradient cannot cross a chunk's border.",
        "The window of scene 7 walks back k steps separately for every loss: with T losses that is about k × T steps, more than full BPTT once k is large. Chunks walk every step once. The table counts the cell steps each backward pass actually walked.",
        "In exchange, not every loss reaches back equally far: the last loss of a chunk goes k steps back, its first stops where it is. The bars count how many steps back each loss reaches; the dashed lines are the chunks' borders. The window walks each bar on its own, while one backward pass over a chunk carries all its losses at once.",
      ],
    },
  },
  {
    state: { text: WORDS, cell: "lstm", hidden: 8, hide: ["heatmaps"] },
    panel: "steps",
    highlight: ["detail"],
    title: { ko: "BPTT는 타임스텝마다의 기울기를 더한 것", en: "BPTT sums one gradient per step" },
    text: {
      ko: [
        "모든 타임스텝이 같은 가중치를 쓰므로, 가중치의 기울기는 타임스텝마다 구한 몫을 모두 더한 값입니다. 타임스텝 t의 몫은 그 타임스텝의 오차 신호(게이트 사전 활성값에 대한 기울기)와 그 타임스텝의 입력 xₜ 또는 hₜ₋₁의 외적입니다.",
        "왼쪽 막대는 각 몫의 노름입니다. 막대 길이를 더한 값은 전체 기울기의 노름보다 큽니다. 몫들이 서로 다른 방향을 가리키는 행렬이어서, 행렬로 더하면 일부가 서로 상쇄되기 때문입니다. 아래 문장에 두 값이 있습니다.",
        "오른쪽 그래프는 LSTM의 역전파에서 게이트마다 받은 기울기, 즉 각 게이트의 사전 활성값에 대한 ∂L의 노름입니다. 셀 내부 패널의 역전파 수식이 이 값을 어떻게 만드는지 보여 줍니다.",
      ],
      en: [
        "Every step uses the same weights, so a weight's gradient is the sum of one share per step. Step t's share is the outer product of that step's error signal (the gradient at the gates' pre-activations) with its input, xₜ or hₜ₋₁.",
        "The bars on the left are the shares' norms. Added up they come to more than the norm of the whole gradient: the shares are matrices pointing in different directions, and added as matrices they partly cancel. The sentence below gives both figures.",
        "The chart on the right is the LSTM's backward pass gate by gate: the norm of ∂L at each gate's pre-activation, step by step. The backward equations in the cell detail show how these numbers arise.",
      ],
    },
  },
  {
    state: REVIEWS,
    panel: "padding",
    highlight: [],
    title: {
      ko: "패딩과 마스킹: 다대일 RNN의 기울기",
      en: "Padding and masking: where a many-to-one RNN's gradient goes",
    },
    text: {
      ko: [
        "문장 분류에서는 길이가 다른 문장을 한 배치로 묶기 위해 모든 시퀀스를 같은 길이 T로 맞춥니다. 짧은 문장에는 ID가 0인 <pad> 토큰을 채웁니다. Keras의 pad_sequences는 기본으로 앞에 채웁니다(pre).",
        "분류기는 마지막 은닉 상태만 읽습니다. 마스킹을 켜면 패딩 타임스텝은 은닉 상태를 바꾸지 않으므로(PyTorch의 pack_padded_sequence와 같습니다), 분류기는 마지막 단어 뒤의 상태를 읽습니다. 마스킹 없이 뒤에 패딩하면 RNN이 단어를 읽은 뒤 패딩을 여러 번 더 읽고, 분류기는 그 뒤의 상태를 읽습니다.",
        "표는 학습 전 RNN에서 손실의 기울기가 각 문장의 단어에 얼마나 닿는지(단어 타임스텝의 ‖∂L/∂xₜ‖ 합)를 세 설정으로 비교합니다. 마스킹 없이 뒤에 패딩하면 짧은 문장일수록 기울기가 패딩을 거슬러 가며 줄어듭니다. 열 제목을 누르면 분류 화면에서 그 설정을 펼쳐 볼 수 있습니다.",
      ],
      en: [
        "To classify sentences in batches, every sequence is brought to one length T: shorter ones are filled with the <pad> token, id 0. Keras's pad_sequences puts the pads in front by default (pre).",
        "The classifier reads the last hidden state only. With a mask a pad step leaves the state as it was (PyTorch's pack_padded_sequence does the same), so the classifier reads the state after the last word. Post-padding without a mask makes the RNN read several pads after the words, and the classifier reads the state after them.",
        "The table compares, on an untrained RNN, how much of the loss's gradient reaches each sentence's words (the sum of ‖∂L/∂xₜ‖ over its words) under three settings. Post-padding without a mask: the shorter the sentence, the more pads the gradient must cross, and the less of it arrives. Each column heading opens that setting on the classification page.",
      ],
    },
  },
  {
    state: REVIEWS,
    panel: "bidir",
    highlight: [],
    title: {
      ko: "양방향 RNN: 문장을 양쪽에서 읽는 분류기",
      en: "Bidirectional RNNs: a classifier reads the sentence both ways",
    },
    text: {
      ko: [
        "분류기는 문장 전체를 읽은 뒤에 답하므로 문장을 양쪽에서 읽을 수 있습니다. 양방향 RNN은 첫 단어부터 마지막 단어까지 읽는 RNN 하나와, 가중치가 따로 있는 RNN 하나로 마지막 단어부터 첫 단어까지 거꾸로 읽습니다(PyTorch의 *_reverse 가중치). 분류기는 두 방향의 마지막 은닉 상태를 이어 붙여 읽으므로 입력 크기가 H가 아니라 2H이고, 순환층의 파라미터도 두 배가 됩니다.",
        "언어 모델은 이렇게 할 수 없습니다. 언어 모델은 타임스텝마다 다음 토큰을 예측하는데, 거꾸로 읽는 방향은 그 토큰을 이미 읽었습니다. 맞혀야 할 답이 입력에 들어 있는 셈입니다. 그래서 이 페이지의 트레이스는 bidirectional=true를 거절하고, 분류와 seq2seq의 인코더만 이를 받습니다.",
        "첫 번째 표는 학습 전 RNN에서 손실의 기울기가 각 단어에 얼마나 닿는지(‖∂L/∂xₜ‖)를 보여 줍니다. 순방향만 읽으면 분류기는 마지막 단어 뒤의 은닉 상태를 읽으므로, 기울기는 앞 단어로 거슬러 갈수록 줄어듭니다. 양방향이면 거꾸로 읽는 방향의 마지막 은닉 상태가 방금 첫 단어를 읽었으므로 문장의 양 끝에 모두 기울기가 닿습니다. 두 번째 표의 열 제목을 누르면 분류 화면에서 그 설정을 펼쳐 볼 수 있습니다.",
      ],
      en: [
        "A classifier answers after reading the whole sentence, so it may read it both ways. A bidirectional RNN runs one RNN from the first word to the last and a second one, with weights of its own, from the last word back to the first (PyTorch's *_reverse weights). The classifier reads both directions' final hidden states side by side: an input of 2H numbers instead of H, and twice the recurrent layer's parameters.",
        "A language model cannot do this. It predicts the next token at every step, and a direction reading from the end would already have read that token: the answer would be in its input. The trace on this page refuses bidirectional=true for that reason; classification and seq2seq's encoder accept it.",
        "The first table shows, for an untrained RNN, how much of the loss's gradient reaches each word (‖∂L/∂xₜ‖). Read forward only, the classifier reads the state after the last word, and the gradient fades on its way back to the first words. Read both ways, the backward direction's final state has just read the first word, so both ends of the sentence get gradient. The second table's column headings open each setting on the classification page.",
      ],
    },
  },
];
