"""Every size limit of rnnscope, in one place: core, server, page and docs read them from here."""

MAX_TEXT_CHARS = 4096  # code points after NFC, before tokenizing
MAX_TOKENS = 257  # so at most 256 steps (T = tokens - 1)
MIN_TOKENS = 2  # one input and one target
MAX_VOCAB = 128
MAX_HIDDEN = 256
MAX_LAYERS = 3
MAX_EMBEDDING = 64
MAX_TRAIN_STEPS = 2000
MAX_SEED = 2**32 - 1
MAX_INIT_SCALE = 100.0
MAX_SIGMA = 100.0
MAX_SPECTRAL_RADIUS = 100.0  # rescale W_hh's gate blocks to this largest |eigenvalue|
MAX_RIDGE = 1e6  # the ridge readout's penalty (optimizer ridge)
MAX_GATE_BIAS = 20.0
MAX_CLIP = 1e6
MAX_LR = 10.0
# ||dh_T/dh_t||_2 needs H backward passes and T SVDs of H x H: only for H up to this.
JACOBIAN_MAX_HIDDEN = 64
# Estimated seconds of single-core work (see core.cost) a single request may ask for.
COST_BUDGET = 2.0

# The recall task (core.recall): "remember the first symbol after N distractors".
MAX_RECALL_HIDDEN = 64
MAX_RECALL_DISTRACT = 100  # N, from 1; T = N + 2 steps
MIN_RECALL_SYMBOLS = 2
MAX_RECALL_SYMBOLS = 8  # K, at most len(core.recall.SYMBOLS)
MAX_RECALL_STEPS = 1000  # training steps, from 0
MAX_RECALL_BATCH = 128
# Estimated seconds (core.recall.estimate_cost) one recall training may take.
RECALL_BUDGET = 15.0

# Sampling from a trained character model (core.sample).
MAX_SAMPLE_LENGTH = 200
MIN_TEMPERATURE = 0.05
MAX_TEMPERATURE = 10.0

# Classification (core.classify) and sequence-to-sequence (core.seq2seq): a batch of texts.
MIN_EXAMPLES = 2  # [text, label] pairs of a classification, [source, target] of a seq2seq
MAX_EXAMPLES = 64
MIN_LABELS = 2
MAX_LABELS = 8
MAX_LABEL_CHARS = 32
MAX_EXAMPLE_CHARS = 200  # one text, source or target, code points after NFC
MAX_EXAMPLES_CHARS = 4096  # every text of a request together (a GET URL stays under ~40 KB)
# The JSON text of `examples` or `pairs` as sent: room for MAX_EXAMPLES_CHARS of texts, 64 labels
# and the brackets, written without \u escapes (JSON.stringify; Python: ensure_ascii=False).
# Worst case 12 URL bytes a character: the URL stays under the HTTP server's ~128 KB.
MAX_PAIRS_JSON_CHARS = 8192
MAX_SEQ_TOKENS = 64  # tokens of one text after tokenizing; max_len is at most this
MAX_TASK_VOCAB = MAX_VOCAB  # distinct tokens with the specials (<pad>, <bos>, <eos>)

CELL_NAMES = ("rnn", "lstm", "gru")
ACTIVATIONS = ("tanh", "relu", "sigmoid")
OPTIMIZERS = ("adam", "sgd", "adagrad")
MODEL_OPTIMIZERS = (*OPTIMIZERS, "ridge")  # ridge: the readout in closed form (core.readout)
INITS = ("pytorch", "orthogonal", "identity")  # how W_hh starts (core.recurrent)
TRAINABLE = ("all", "readout")  # readout: the echo state network (core.readout)
TRUNCATE_MODES = ("window", "chunk")  # truncated BPTT (core.bptt)
TOKEN_MODES = ("char", "word")
PAD_SIDES = ("pre", "post")

# Imported models (core.checkpoints): what a checkpoint may hold. A model's hidden size and
# layers are bounded by MAX_HIDDEN and MAX_LAYERS above, as for a trained one.
MAX_MODEL_VOCAB = 1024  # tokens of a stored model's vocabulary (a char model has ~100)
MAX_MODEL_EMBEDDING = 512  # embedding size E of an imported model
MAX_TOKEN_CHARS = 64  # code points of one token of a stored vocabulary
MAX_CHECKPOINT_TENSORS = 4096  # arrays in one file (a state_dict with optimizer state is <100)
MAX_CHECKPOINT_BYTES = 64 * 2**20  # decoded bytes of one file: zip members, arrays, pickle
MAX_SAFETENSORS_HEADER = 100_000_000  # the format's own bound on its JSON header

# Training on a corpus (core.lm, server/jobs.py).
MIN_CORPUS_CHARS = 1000
MAX_CORPUS_CHARS = 4_000_000  # code points: a few MB of text
MAX_JOB_HIDDEN = 256
MAX_JOB_EMBEDDING = 64
MAX_SEQ_LEN = 256
MAX_JOB_BATCH = 128
MAX_JOB_STEPS = 100_000
MAX_JOB_LR = 1.0
MAX_DROPOUT = 0.9  # of a layer's output on its way up
MAX_VAL_FRACTION = 0.5  # the last part of the corpus kept for validation
KEEP_CHOICES = ("last", "best")  # which weights a training job stores
MAX_BUILTIN_CHARS = 64  # the name of a standard-library module
MAX_MODEL_NAME_CHARS = 80  # a stored model's name
# What the units learned (core.units, GET /api/v1/models/{id}/units).
MAX_UNITS_TEXT_CHARS = 10_000  # code points of the text the units read
MAX_PATTERN_CHARS = 500  # a regular expression's own length
PATTERN_SECONDS = 2.0  # wall time one pattern may take to match (in a child process)
MAX_UNITS_TOP = 100  # units of a ranking returned

# Stored models in the views (model=<id> on trace and sample, models=<id>,<id> on compare).
MODEL_ID_CHARS = 16  # hex digits of a stored model's id
MAX_COMPARE_MODELS = 4
MAX_MODELS_CHARS = MAX_COMPARE_MODELS * (MODEL_ID_CHARS + 1) - 1  # the comma-separated list

# Answers sized to what is drawn: `digits` rounds every float of a trace to that many
# significant digits (17 holds a float64 exactly; the page asks for COMPACT_DIGITS).
MAX_DIGITS = 17
COMPACT_DIGITS = 7  # as precise as float32, what PyTorch computes in
