// The refusals of a model upload (POST /api/v1/models, core/checkpoints and server/uploads.py)
// in the page's language: each `rule` a refusal's ctx carries, with the tensor or field it names
// ({name}) and its numbers. `what` and `part` are words of the page too (refusal.what.*,
// refusal.part.*); refusals.js refusalLine fills them in. tests/server/test_upload_rules.py
// checks that every raise of an upload refusal has its line here in both languages.
import { addStrings } from "./i18n.js";

addStrings({
  en: {
    "refusal.damaged": "{name}: not a well-formed {format} file; it may be damaged or cut short: save it again",
    "refusal.torch_legacy":
      "{name}: a torch.save file from before PyTorch 1.6: load it and save it again with a newer PyTorch",
    "refusal.no_hdf5": "{name}: this server does not read Keras (HDF5) files",
    "refusal.unreadable": "{name}: could not be read as a model",
    "refusal.size_max": "{name}: {what} is {n}; at most {max}",
    "refusal.bytes_max": "{name}: {what} takes {n} bytes; the limit is {max}",
    "refusal.zip_bomb": "{name}: member {member} would inflate {packed} bytes to {n} (a zip bomb?)",
    "refusal.zip_encrypted": "{name}: member {member} is encrypted",
    "refusal.npz_text": "{name}: text arrays ({names}); an .npz holds text only in vocab and tokens",
    "refusal.pickle_global":
      "{name}: the pickle names {global}; rnnscope runs no code from a file: save model.state_dict() (or safetensors) instead",
    "refusal.no_model": "{name}: holds no state_dict and no model",
    "refusal.several_models": "{name}: several models in the checkpoint ({names}); save the one to show",
    "refusal.dtype":
      "{name}: dtype {dtype}: the weights must be floating-point numbers (float16, bfloat16, float32 or float64)",
    "refusal.nonfinite": "{name}: {n} of its {size} values are NaN or infinite",
    "refusal.shape": "{name}: shape {shape}, expected {expected}",
    "refusal.missing_tensor": "{name}: {tensor} is missing",
    "refusal.no_place": "{name}: has no place in embedding -> recurrent layers -> linear readout",
    "refusal.layer_kind": "{name}: a {layer} layer has no place in embedding -> recurrent layers -> dense",
    "refusal.no_recurrent": "{name}: no recurrent layer (no weight_ih_l0, no Keras LSTM, GRU or SimpleRNN)",
    "refusal.stacks":
      "{name}: recurrent weights under {names}: rnnscope shows one stack of recurrent layers (save that module alone)",
    "refusal.cell_kinds": "{name}: layers of kinds {names}: one kind of cell only",
    "refusal.layer_numbers": "{name}: the recurrent layers must be numbered 0, 1, 2, ... without a gap",
    "refusal.lstm_proj":
      "{name}: an LSTM with proj_size projects h to a smaller size; rnnscope's LSTM keeps all of h: train it with proj_size=0",
    "refusal.bidirectional":
      "{name}: a bidirectional layer; a stored model reads left to right: train it with bidirectional=False",
    "refusal.go_backwards": "{name}: go_backwards=True reads right to left; a stored model reads left to right",
    "refusal.gru_reset_after":
      "{name}: a Keras GRU with reset_after=False applies r before U_h, which PyTorch's GRU (and rnnscope's) does not: train with reset_after=True",
    "refusal.activation": "{name}: {which}={activation} is not supported; rnnscope takes {allowed}",
    "refusal.ambiguous": "{name}: {names} could each be the {part}; name one of them {preferred}",
    "refusal.no_readout":
      "{name}: no (V, {hidden}) matrix reads the top layer's h: the file needs the linear layer (fc, decoder, ...) after the recurrent one",
    "refusal.readout_count": "{name}: {n} Dense layers; rnnscope reads the top layer with exactly one",
    "refusal.no_embedding":
      "{name}: layer 0 takes inputs of size {n}, but the readout has {rows} rows: no (V, {n}) embedding matrix found",
    "refusal.embeddings": "{name}: more than one Embedding layer ({names})",
    "refusal.embedding_rows": "{name}: {n} rows, but the readout ({readout}) has {rows}: one row per token in both",
    "refusal.vocab_rows": "{name}: {n} rows, one per token of the vocabulary; from {min} to {max}",
    "refusal.vocab_form":
      "{name}: must be a JSON list of tokens, a string of characters or a token -> index mapping with indices 0 to V-1",
    "refusal.vocab_count": "{name}: {n} tokens, but {tensor} has {rows} rows, one per token",
    "refusal.token_chars": "{name}: token {index} must have 1 to {max} characters",
    "refusal.token_surrogate": "{name}: token {index} holds a broken character (not UTF-8)",
    "refusal.token_char": "{name}: token {index} ({token}) is not one character; send tokens=word",
    "refusal.token_space": "{name}: token {index} ({token}) holds whitespace, which separates words",
    "refusal.token_twice": "{name}: tokens {first} and {index} are both {token}",
    "refusal.length_required": "{name}: the request needs a Content-Length header",
    "refusal.form": "{name}: must be a multipart form with a file",
    "refusal.form_field": "{name}: unknown form field; allowed: {allowed}",
    "refusal.file_required": "{name}: choose a model file",
    "refusal.form_text": "{name}: must be text, not a file",
    "refusal.weights_overflow": "{name}: the trained weights overflowed (NaN or infinite)",
    "refusal.query_twice": "{name}: a parameter given twice",
    "refusal.not_found": "{name}: no stored model {id}",
    "refusal.what.hidden": "the hidden size",
    "refusal.what.layers": "the number of recurrent layers",
    "refusal.what.embedding": "the embedding size",
    "refusal.what.tokens": "the number of tokens",
    "refusal.what.tensors": "the number of tensors",
    "refusal.what.members": "the number of archive members",
    "refusal.what.config": "config.json",
    "refusal.what.inflated": "the unpacked archive",
    "refusal.what.header": "the safetensors header",
    "refusal.what.weights": "the weights in float64",
    "refusal.what.tensor": "one tensor in float64",
    "refusal.part.readout": "readout",
    "refusal.part.embedding": "embedding",
  },
  ko: {
    "refusal.damaged":
      "{name}: {format} 파일의 구조가 올바르지 않습니다. 파일이 손상되었거나 잘렸을 수 있으니 다시 저장해서 올리십시오",
    "refusal.torch_legacy":
      "{name}: PyTorch 1.6 이전 형식으로 torch.save한 파일입니다. 새 버전의 PyTorch로 불러와 다시 저장하십시오",
    "refusal.no_hdf5": "{name}: 이 서버는 Keras(HDF5) 파일을 읽지 않습니다",
    "refusal.unreadable": "{name}: 모델로 읽을 수 없는 파일입니다",
    "refusal.size_max": "{name}: {what}가 {n}입니다. 최대 {max}까지 받습니다",
    "refusal.bytes_max": "{name}: {what}의 크기가 {n}바이트로 한도 {max}바이트를 넘습니다",
    "refusal.zip_bomb":
      "{name}: 압축 파일의 {member} 항목이 {packed}바이트에서 {n}바이트로 풀립니다. 압축 폭탄으로 보고 거부합니다",
    "refusal.zip_encrypted": "{name}: 압축 파일의 {member} 항목이 암호화되어 있습니다",
    "refusal.npz_text": "{name}: 텍스트 배열({names})이 있습니다. .npz에는 vocab과 tokens만 텍스트로 둘 수 있습니다",
    "refusal.pickle_global":
      "{name}: 피클 안에 {global} 참조가 있습니다. rnnscope는 파일 속 코드를 실행하지 않으므로 model.state_dict()만 (또는 safetensors로) 저장해서 올리십시오",
    "refusal.no_model": "{name}: state_dict도 모델도 들어 있지 않습니다",
    "refusal.several_models": "{name}: 체크포인트에 모델이 여럿({names}) 있습니다. 보여 줄 모델 하나만 저장하십시오",
    "refusal.dtype":
      "{name}: 자료형이 {dtype}입니다. 가중치는 부동소수점 수(float16, bfloat16, float32, float64)여야 합니다",
    "refusal.nonfinite":
      "{name}: 값 {size}개 중 {n}개가 NaN이거나 무한대입니다. 학습 중에 발산한 모델이 아닌지 확인하십시오",
    "refusal.shape": "{name}: 모양이 {shape}입니다 (기대한 모양: {expected})",
    "refusal.missing_tensor": "{name}: {tensor} 텐서가 없습니다",
    "refusal.no_place": "{name}: 임베딩 → 순환 층 → 선형 출력층 구조 어디에도 들어가지 않는 텐서입니다",
    "refusal.layer_kind": "{name}: {layer} 층은 임베딩 → 순환 층 → Dense 구조에 들어가지 않습니다",
    "refusal.no_recurrent": "{name}: 순환 층이 없습니다 (weight_ih_l0도, Keras의 LSTM, GRU, SimpleRNN 층도 없음)",
    "refusal.stacks":
      "{name}: {names} 아래에 순환 가중치가 따로 있습니다. rnnscope는 순환 층 한 묶음만 보여 주므로 그 모듈만 저장하십시오",
    "refusal.cell_kinds": "{name}: 순환 층의 종류가 섞여 있습니다({names}). 한 종류의 셀만 받습니다",
    "refusal.layer_numbers": "{name}: 순환 층 번호는 0, 1, 2, ... 순서로 빠짐없이 붙어 있어야 합니다",
    "refusal.lstm_proj":
      "{name}: proj_size를 쓴 LSTM은 h를 더 작은 크기로 투영합니다. rnnscope의 LSTM은 h를 그대로 쓰므로 proj_size=0으로 학습하십시오",
    "refusal.bidirectional":
      "{name}: 양방향 층입니다. 저장된 모델은 왼쪽에서 오른쪽으로만 읽으므로 bidirectional=False로 학습하십시오",
    "refusal.go_backwards":
      "{name}: go_backwards=True는 오른쪽에서 왼쪽으로 읽습니다. 저장된 모델은 왼쪽에서 오른쪽으로 읽어야 합니다",
    "refusal.gru_reset_after":
      "{name}: reset_after=False인 Keras GRU는 리셋 게이트 r을 U_h 곱셈보다 먼저 적용합니다. PyTorch와 rnnscope의 GRU는 그렇게 계산하지 않으니 reset_after=True로 학습하십시오",
    "refusal.activation": "{name}: {which}={activation} 설정은 지원하지 않습니다. rnnscope는 {allowed}만 받습니다",
    "refusal.ambiguous":
      "{name}: {names} 가운데 어느 것이 {part}인지 알 수 없습니다. 그중 하나의 이름을 {preferred} 중 하나로 바꾸십시오",
    "refusal.no_readout":
      "{name}: 맨 위 층의 h를 읽는 (V, {hidden}) 행렬이 없습니다. 순환 층 다음의 선형 층(fc, decoder 등)도 함께 저장하십시오",
    "refusal.readout_count": "{name}: Dense 층이 {n}개입니다. 맨 위 층을 읽는 Dense 층은 정확히 하나여야 합니다",
    "refusal.no_embedding":
      "{name}: 첫 순환 층(층 0)의 입력 크기는 {n}인데 출력층의 행은 {rows}개입니다. (V, {n}) 임베딩 행렬을 찾지 못했습니다",
    "refusal.embeddings": "{name}: Embedding 층이 둘 이상입니다({names})",
    "refusal.embedding_rows":
      "{name}: 행이 {n}개인데 출력층({readout})의 행은 {rows}개입니다. 두 행렬 모두 토큰마다 한 행이어야 합니다",
    "refusal.vocab_rows": "{name}: 행이 {n}개입니다. 어휘의 토큰마다 한 행씩, {min}개에서 {max}개까지 받습니다",
    "refusal.vocab_form":
      "{name}: 토큰의 JSON 목록, 문자들을 이은 문자열, 또는 인덱스가 0부터 V-1까지인 토큰 → 인덱스 매핑이어야 합니다",
    "refusal.vocab_count": "{name}: 토큰이 {n}개인데 {tensor}의 행은 {rows}개입니다. 토큰마다 한 행씩이어야 합니다",
    "refusal.token_chars": "{name}: 토큰 {index}의 길이가 1자에서 {max}자 사이여야 합니다",
    "refusal.token_surrogate": "{name}: 토큰 {index}에 깨진 문자가 있습니다 (UTF-8이 아님)",
    "refusal.token_char":
      "{name}: 한 글자가 아닌 토큰이 있습니다: 토큰 {index}({token}). 단어 단위 토큰(tokens=word)으로 보내십시오",
    "refusal.token_space": "{name}: 토큰 {index}({token})에 공백이 있습니다. 단어 토큰은 공백으로 나뉩니다",
    "refusal.token_twice": "{name}: 토큰 {first}, 토큰 {index} 모두 {token}입니다. 토큰은 서로 달라야 합니다",
    "refusal.length_required": "{name}: 요청에 Content-Length 헤더가 있어야 합니다",
    "refusal.form": "{name}: 파일을 담은 multipart 폼이어야 합니다",
    "refusal.form_field": "{name}: 알 수 없는 폼 필드입니다. 쓸 수 있는 필드: {allowed}",
    "refusal.file_required": "{name}: 모델 파일을 고르십시오",
    "refusal.form_text": "{name}: 파일이 아니라 텍스트여야 합니다",
    "refusal.weights_overflow": "{name}: 학습한 가중치가 발산해 NaN이나 무한대가 되었습니다",
    "refusal.query_twice": "{name}: 같은 매개변수가 두 번 들어 있습니다",
    "refusal.not_found": "{name}: id가 {id}인 저장 모델이 없습니다",
    "refusal.what.hidden": "은닉 크기",
    "refusal.what.layers": "순환 층 수",
    "refusal.what.embedding": "임베딩 크기",
    "refusal.what.tokens": "토큰 수",
    "refusal.what.tensors": "텐서 수",
    "refusal.what.members": "압축 파일의 항목 수",
    "refusal.what.config": "config.json",
    "refusal.what.inflated": "압축을 푼 내용",
    "refusal.what.header": "safetensors 헤더",
    "refusal.what.weights": "float64로 바꾼 가중치",
    "refusal.what.tensor": "float64로 바꾼 텐서 하나",
    "refusal.part.readout": "출력층",
    "refusal.part.embedding": "임베딩",
  },
});
