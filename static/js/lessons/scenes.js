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

export const SCENES = [
  {
    state: { text: SHORT, cell: "rnn", hidden: 8, hide: ["heatmaps"] },
    panel: "encoding",
    highlight: ["tokens", "onehot"],
    title: { ko: "시퀀스 데이터와 원-핫 인코딩", en: "Sequence data and one-hot encoding" },
    text: {
      ko: [
        "순서가 바뀌면 뜻이 달라지는 데이터를 시퀀스라고 합니다. 문장, 음성, 날마다의 기온이 그렇죠. 여기서는 hello를 한 글자씩 읽습니다.",
        "컴퓨터는 글자를 그대로 계산할 수 없으니 먼저 숫자로 바꿉니다. 나온 글자를 중복 없이 모으면 어휘는 h, e, l, o 네 개이고, 글자마다 자기 자리만 1이고 나머지는 0인 벡터가 됩니다. 네트워크 아래쪽의 ‘원-핫 x’ 줄에서 확인해 보세요.",
        "원-핫 벡터의 길이는 어휘 크기와 같고 대부분이 0입니다. 단어가 500개면 벡터도 500칸이죠. 임베딩은 토큰마다 짧은 실수 벡터를 두고 그 값을 학습으로 정합니다. 오른쪽에서 두 표현을 나란히 놓고 크기를 비교합니다.",
      ],
      en: [
        "A sequence is data whose order carries meaning: a sentence, a recording, the temperature day after day. Here the network reads hello one character at a time.",
        "Characters have to become numbers first. The distinct characters make the vocabulary, h, e, l and o, and each becomes a vector with a 1 in its own slot and 0 everywhere else. See the one-hot x row near the bottom of the network.",
        "A one-hot vector is as long as the vocabulary and almost all zeros: 500 words make 500 slots. An embedding gives every token a short vector of real numbers whose values are learned. The panel sets the two side by side.",
      ],
    },
  },
  {
    state: { text: SHORT, cell: "rnn", hidden: 8, step: 2, hide: ["heatmaps"] },
    panel: "sharing",
    highlight: ["recurrent"],
    title: { ko: "RNN의 한 단계와 가중치 공유", en: "One RNN step, the same weights every step" },
    text: {
      ko: [
        "RNN은 단계마다 두 가지를 받습니다. 지금 들어온 입력 xₜ와 바로 앞 단계의 은닉 상태 hₜ₋₁입니다. 각각 W_xh, W_hh를 곱해 더하고 tanh에 넣으면 새 은닉 상태가 나옵니다: hₜ = tanh(W_hh hₜ₋₁ + W_xh xₜ + b).",
        "출력은 yₜ = W_hy hₜ이고, 소프트맥스를 거쳐 다음 글자의 확률이 됩니다. 네트워크 위쪽의 작은 막대들이 그 확률입니다. 아래 셀 내부 패널에는 2단계 수식에 실제 값이 들어가 있습니다.",
        "펼쳐 놓으면 단계마다 셀이 따로 있는 것처럼 보이지만, 모든 단계가 같은 W_xh, W_hh, W_hy를 씁니다. 이것이 파라미터 공유입니다. 그래서 입력이 길어져도 파라미터 수는 그대로입니다.",
      ],
      en: [
        "At every step the RNN takes two things: the input xₜ that just arrived and its own hidden state from the step before, hₜ₋₁. It multiplies them by W_xh and W_hh, adds them up and squashes the sum with tanh: hₜ = tanh(W_hh hₜ₋₁ + W_xh xₜ + b).",
        "The output is yₜ = W_hy hₜ, and a softmax turns it into probabilities for the next character: the small bars at the top of the network. The cell detail below shows step 2 with its actual numbers.",
        "Unrolled, it looks like one cell per step, but every step uses the very same W_xh, W_hh and W_hy. That is parameter sharing, and it is why a longer input does not need a single extra parameter.",
      ],
    },
  },
  {
    state: { text: SHORT, cell: "gru", hidden: 8, train_steps: 200, hide: ["heatmaps", "detail"] },
    panel: "tasks",
    highlight: ["predictions"],
    title: { ko: "시퀀스 문제의 네 가지 형태", en: "The four shapes of sequence tasks" },
    text: {
      ko: [
        "입력이 하나인지 여럿인지, 출력이 하나인지 여럿인지에 따라 네 가지로 나눕니다. 오른쪽 카드는 모두 지금 서버에서 실제로 계산한 결과입니다.",
        "다대다는 매 단계 다음 글자를 맞히는, 지금까지 본 문자 모델입니다. 다대일은 끝까지 읽고 답을 하나만 냅니다. 감정 분류가 대표적이고, 여기서는 뒤에 나올 10번 장면의 기억 과제를 작게 돌렸습니다.",
        "일대다는 시작 글자 하나만 주고, 모델이 뽑은 글자를 다시 입력으로 넣어 가며 글을 만듭니다. 온도를 낮추면 가장 그럴듯한 글자만 고르고, 높이면 뜻밖의 글자가 섞입니다. 일대일은 비교용으로, 순환이 없는 보통 신경망과 같습니다.",
      ],
      en: [
        "Tasks differ by whether they read one input or many, and answer once or at every step. Every card on the right is computed live by the server.",
        "Many-to-many is our character model: a guess of the next character at every step. Many-to-one reads to the end and answers once, like sentiment classification; here it is a small run of the recall task from scene 10.",
        "One-to-many gets a single start character and feeds each character it draws back in as the next input. A low temperature keeps to the likeliest characters, a high one lets surprises in. One-to-one is there for contrast: without recurrence it is a plain feed-forward network.",
      ],
    },
  },
  {
    state: { text: SHORT, cell: "rnn", hidden: 8, train_steps: 200, hide: ["heatmaps", "detail"] },
    panel: "bptt",
    highlight: ["predictions"],
    title: { ko: "BPTT로 학습하기", en: "Training with backpropagation through time" },
    text: {
      ko: [
        "손실은 단계마다 구한 교차 엔트로피를 모두 더한 값입니다: L = L₁ + L₂ + … + L_T. 오른쪽 위 표가 지금 모델의 단계별 손실과 그 합입니다.",
        "가중치를 모든 단계가 함께 쓰므로, 그래디언트도 모든 단계에서 모아야 합니다. 네트워크를 시간 방향으로 펼친 뒤 마지막 단계부터 거꾸로 역전파하는 것이 BPTT입니다. b 키를 누르면 그래디언트가 오른쪽에서 왼쪽으로 흘러갑니다.",
        "아래 표는 같은 모델을 학습 스텝 수만 바꿔 가며 다시 계산한 예측입니다. 학습이 진행될수록 틀렸던 예측이 맞는 쪽으로 바뀌고 손실이 줄어듭니다.",
      ],
      en: [
        "The loss is the cross-entropy of every step, added up: L = L₁ + L₂ + … + L_T. The table at the top right lists them for this model, with their sum.",
        "All steps share the weights, so the gradient has to be collected from all steps too: unroll the network in time, then backpropagate from the last step to the first. That is BPTT. Press b to watch the gradient flow from right to left.",
        "The table below recomputes the same model after more and more training steps: the wrong guesses turn right and the loss falls.",
      ],
    },
  },
  {
    state: { text: LONG, cell: "rnn", hidden: 16, w_hh_sigma: 1, hide: ["network", "detail", "charts", "heatmaps"] },
    panel: "vanish",
    highlight: [],
    title: { ko: "그래디언트는 왜 사라지나", en: "Why gradients vanish" },
    text: {
      ko: [
        "한 단계 거슬러 올라갈 때마다 그래디언트에는 야코비안 diag(f′(aₜ)) W_hh가 곱해집니다. 멀리 갈수록 이 곱셈이 계속 쌓이죠.",
        "활성화 함수의 도함수는 작습니다. 오른쪽 첫 번째 그래프처럼 시그모이드의 도함수는 최대 0.25, tanh도 최대 1입니다. 그래서 한 단계를 지날 때 그래디언트의 크기는 많아야 γ·σ_max배가 됩니다. γ는 도함수의 최댓값, σ_max는 W_hh의 가장 큰 특이값입니다.",
        "슬라이더로 σ_max를 0.5에서 3까지 움직여 보세요. 실선은 실제로 측정한 ‖∂L_T/∂h_t‖, 점선은 (γ·σ_max)^(T−t) 상한입니다. γ·σ_max가 1보다 작으면 상한부터 지수적으로 줄어들고, 측정값은 언제나 그 아래에 있습니다.",
      ],
      en: [
        "Each step back in time multiplies the gradient by the Jacobian diag(f′(aₜ)) W_hh. The further back, the more of these factors pile up.",
        "The derivatives of the activations are small: as the left chart shows, sigmoid′ peaks at 0.25 and tanh′ at 1. So one step can multiply the gradient's size by at most γ·σ_max, where γ is the derivative's maximum and σ_max the largest singular value of W_hh.",
        "Move σ_max from 0.5 to 3 with the slider. The solid line is the measured ‖∂L_T/∂h_t‖, the dashed one the bound (γ·σ_max)^(T−t). When γ·σ_max is below 1 the bound itself decays exponentially, and the measured curve always stays under it.",
      ],
    },
  },
  {
    state: {
      text: LONG, cell: "rnn", hidden: 16, w_hh_sigma: 2, clip: 1, optimizer: "sgd", lr: 0.3,
      hide: ["network", "detail", "heatmaps"],
    },
    panel: "clipping",
    highlight: ["facts"],
    title: { ko: "그래디언트 폭주와 클리핑", en: "Exploding gradients and clipping" },
    text: {
      ko: [
        "반대로 W_hh가 크면 곱할수록 값이 커져서 그래디언트가 폭주할 수 있습니다. 그러면 한 번의 업데이트에 가중치가 엉뚱한 곳으로 튀고, 손실이 오히려 치솟습니다.",
        "그래디언트 클리핑은 전체 그래디언트의 노름이 기준값 c를 넘으면, 방향은 그대로 두고 길이만 c로 줄입니다: g ← g · c / ‖g‖.",
        "오른쪽 첫 번째 그래프는 파라미터마다 클리핑 전과 후의 그래디언트 노름입니다. 두 번째는 같은 설정(SGD, 큰 학습률)으로 클리핑 없이, 그리고 클리핑을 켜고 학습한 손실 곡선입니다.",
      ],
      en: [
        "The other way round, a large W_hh makes the product grow and the gradient can explode. One update then throws the weights far away and the loss shoots up instead of down.",
        "Gradient clipping rescales the whole gradient when its norm exceeds a threshold c: the direction stays, the length becomes c. That is g ← g · c / ‖g‖.",
        "On the right, first: each parameter's gradient norm before and after clipping. Then: the same setup (SGD, a large learning rate) trained without clipping and with it.",
      ],
    },
  },
  {
    state: { text: "hello world", cell: "rnn", hidden: 8, truncate: 4, phase: "bwd", step: 1, hide: ["heatmaps", "detail"] },
    panel: "truncation",
    highlight: ["gradlabels"],
    title: { ko: "Truncated BPTT: 그래디언트를 끊는 곳", en: "Truncated BPTT: where the gradient stops" },
    text: {
      ko: [
        "입력이 길면 처음까지 역전파하는 데 계산이 많이 듭니다. Truncated BPTT는 각 손실 Lₜ의 그래디언트를 최근 k단계까지만 보내고 거기서 끊습니다.",
        "그래프의 세로 점선이 끊기는 곳입니다. 그보다 앞 단계에는 마지막 손실의 그래디언트가 전혀 닿지 않고, 네트워크의 역전파 화살표도 거기서 멈춥니다.",
        "k를 바꿔 보세요. 계산은 줄어들지만 k단계보다 먼 과거와의 관계는 배울 수 없게 됩니다.",
      ],
      en: [
        "On a long input, backpropagating all the way to the start is expensive. Truncated BPTT sends the gradient of each loss Lₜ back only k steps and cuts it there.",
        "The dashed vertical line marks the cut. No gradient of the last loss reaches the steps before it, and the backward arrows in the network stop there as well.",
        "Change k. The work shrinks, but the model can no longer learn anything that links steps more than k apart.",
      ],
    },
  },
  {
    state: { text: "hello world", cell: "lstm", hidden: 8, hide: ["heatmaps"] },
    panel: "lstm",
    highlight: ["belt"],
    title: { ko: "LSTM: 셀 상태라는 덧셈 통로", en: "LSTM: the cell state, an additive path" },
    text: {
      ko: [
        "LSTM은 은닉 상태 옆에 셀 상태 c라는 통로를 하나 더 둡니다. 네트워크를 가로지르는 노란 띠가 셀 상태입니다.",
        "cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ. 셀 상태는 곱해서 덮어쓰지 않고 더해서 갱신됩니다. 그래서 c를 따라 곧장 거슬러 가는 그래디언트에는 망각 게이트 f만 곱해집니다. 입력 게이트 i는 새 정보를 얼마나 더할지, 출력 게이트 o는 셀 상태를 얼마나 내보낼지 정합니다.",
        "f가 1에 가까우면 그래디언트가 거의 줄지 않고 지나갑니다. 망각 게이트 편향을 크게 주면 처음부터 f가 1에 가까워지죠. 편향을 바꿔 가며 같은 입력에서 RNN과 LSTM의 감쇠 곡선을 비교해 보세요.",
      ],
      en: [
        "An LSTM keeps a second path next to the hidden state: the cell state c, the yellow belt running across the network.",
        "cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ. The cell state is updated by adding, not by overwriting, so a gradient travelling straight back along c is only multiplied by the forget gate f. The input gate i decides how much new information goes in, the output gate o how much of the cell state comes out.",
        "With f close to 1 the gradient passes almost untouched, and a large forget-gate bias puts f close to 1 from the start. Change the bias and compare the decay of the RNN and the LSTM on the same input.",
      ],
    },
  },
  {
    state: { text: SHORT, cell: "gru", hidden: 8, hide: ["network", "heatmaps"] },
    panel: "params",
    highlight: ["facts", "celldiagram"],
    title: { ko: "GRU: 게이트 둘, 더 적은 파라미터", en: "GRU: two gates, fewer parameters" },
    text: {
      ko: [
        "GRU는 LSTM을 간단하게 만든 구조입니다. 셀 상태를 따로 두지 않고 은닉 상태 하나로 처리하며, 게이트도 두 개뿐입니다.",
        "리셋 게이트 r은 후보 상태 n을 만들 때 과거 상태를 얼마나 쓸지 정하고, 업데이트 게이트 z는 과거 상태와 새 후보를 어떤 비율로 섞을지 정합니다: hₜ = (1 − zₜ) ⊙ nₜ + zₜ ⊙ hₜ₋₁.",
        "게이트가 적은 만큼 파라미터도 적어 계산이 빠릅니다. 오른쪽 표는 /api/v1/cells의 공식으로 계산했고, 강의 자료의 Keras 예(원-핫 500 입력, 16차원 임베딩 입력의 SimpleRNN 8유닛)도 함께 넣었습니다. PyTorch는 편향을 두 벌(b_ih, b_hh) 두므로 RNN과 LSTM에서는 Keras보다 조금 많습니다. Keras의 GRU도 편향이 두 벌이라 GRU는 둘이 같습니다.",
      ],
      en: [
        "The GRU is a simplified LSTM: no separate cell state, just the hidden state, and only two gates.",
        "The reset gate r decides how much of the past state goes into the candidate n; the update gate z decides how to mix the old state with the candidate: hₜ = (1 − zₜ) ⊙ nₜ + zₜ ⊙ hₜ₋₁.",
        "Fewer gates mean fewer parameters and faster steps. The table is computed from the formulas of /api/v1/cells and includes the Keras example of the course notes (a SimpleRNN of 8 units on a one-hot input of 500, or on an embedding of 16). PyTorch keeps two bias vectors (b_ih and b_hh), so for the RNN and the LSTM it counts a few more than Keras; Keras' GRU keeps two as well, so there the counts agree.",
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
        "기호 하나(A, B, C, D 중 하나)가 나오고, 방해 글자 N개가 이어진 뒤 마지막에 ?가 나옵니다. 그때 맨 처음 기호를 답해야 합니다. 입력은 여럿, 답은 하나인 다대일 문제입니다.",
        "답을 맞히려면 마지막 손실의 그래디언트가 N+1단계를 거슬러 첫 단계까지 가야 합니다. 표의 ‖∂L/∂h₁‖ / ‖∂L/∂h_T‖가 그 비율입니다. 이 값이 아주 작으면 첫 단계는 사실상 학습 신호를 받지 못합니다.",
        "세 셀을 같은 시드로 지금 직접 학습시킵니다. LSTM은 망각 게이트 편향을, GRU는 업데이트 게이트 편향을 크게 주고 시작합니다. 결과는 나온 그대로 보여 주니, 시드를 바꿔 가며 확인해 보세요.",
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
    title: { ko: "층을 쌓은 깊은 RNN", en: "Deeper: stacked recurrent layers" },
    text: {
      ko: [
        "순환층을 여러 겹 쌓으면 아래층이 모든 단계에서 내놓은 은닉 상태가 위층의 입력 시퀀스가 됩니다. 소프트맥스로 가는 것은 맨 위층의 출력뿐입니다.",
        "오른쪽 히트맵은 층마다의 은닉 상태를 단계별로 그린 것입니다. 같은 글자를 읽어도 층마다 값이 어떻게 달라지는지 보세요.",
        "층이 깊어지면 그래디언트는 시간 방향뿐 아니라 층 방향으로도 거슬러 가야 합니다. 아래 그래프는 층별로 마지막 손실의 그래디언트가 과거로 갈수록 어떻게 변하는지 보여 줍니다.",
      ],
      en: [
        "Stack recurrent layers and the hidden states a layer produces at every step become the input sequence of the layer above. Only the top layer feeds the softmax.",
        "The heatmaps on the right show each layer's hidden state step by step. The same characters give different values on each layer.",
        "With depth the gradient has to travel back through the layers as well as through time. The chart below shows, layer by layer, how the last loss's gradient changes as it goes back in time.",
      ],
    },
  },
];
