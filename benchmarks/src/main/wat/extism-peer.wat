;; The peer's guests, written against Extism's kernel ABI (module extism:host/env), doing what
;; Wharf's benchmark guests do: add(i32, i32) -> i32 (8 bytes in, 4 out) and an echo.
(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "input_load_u64" (func $input_load_u64 (param i64) (result i64)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (func (export "add") (result i32)
    (local $in i64) (local $out i64)
    (local.set $in (call $input_load_u64 (i64.const 0)))
    (local.set $out (call $alloc (i64.const 8)))
    (call $store_u64 (local.get $out) (i64.extend_i32_u (i32.add (i32.wrap_i64 (local.get $in))
      (i32.wrap_i64 (i64.shr_u (local.get $in) (i64.const 32))))))
    (call $output_set (local.get $out) (i64.const 4))
    (i32.const 0))
  (func (export "echo") (result i32)
    (local $len i64) (local $out i64) (local $i i64)
    (local.set $len (call $input_length))
    (local.set $out (call $alloc (local.get $len)))
    (block $words
      (loop $word
        (br_if $words (i64.gt_u (i64.add (local.get $i) (i64.const 8)) (local.get $len)))
        (call $store_u64 (i64.add (local.get $out) (local.get $i)) (call $input_load_u64 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 8)))
        (br $word)))
    (block $bytes
      (loop $byte
        (br_if $bytes (i64.ge_u (local.get $i) (local.get $len)))
        (call $store_u8 (i64.add (local.get $out) (local.get $i)) (call $input_load_u8 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $byte)))
    (call $output_set (local.get $out) (local.get $len))
    (i32.const 0))
)
