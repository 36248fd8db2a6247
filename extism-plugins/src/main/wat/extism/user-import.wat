;; user-import: an Extism plugin that imports host functions of its own (module extism:host/user),
;; as an Extism host declares them with host functions; run calls frobnicate.
(module
  (import "extism:host/user" "frobnicate" (func $frobnicate (param i64) (result i64)))
  (import "extism:host/user" "zap" (func $zap))
  (memory (export "memory") 1)

  ;; calls frobnicate(42) and returns 0
  (func (export "run") (result i32)
    (drop (call $frobnicate (i64.const 42)))
    (i32.const 0)))
