;; An Extism plugin written against the kernel directly, for ExtismGuestTest: each function
;; exercises one part of the kernel through the plugin's view of it.
(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_offset" (func $input_offset (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "load_u64" (func $load_u64 (param i64) (result i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "error_set" (func $error_set (param i64)))
  (import "extism:host/env" "config_get" (func $config_get (param i64) (result i64)))
  (import "extism:host/env" "var_get" (func $var_get (param i64) (result i64)))
  (import "extism:host/env" "var_set" (func $var_set (param i64 i64)))
  (import "extism:host/env" "log_info" (func $log_info (param i64)))
  (memory (export "memory") 1)

  ;; the input as the output, without a copy
  (func (export "echo") (result i32)
    (call $output_set (call $input_offset) (call $input_length))
    (i32.const 0))

  ;; the input reversed, byte by byte through the plugin
  (func (export "reverse") (result i32)
    (local $n i64) (local $out i64) (local $i i64)
    (local.set $n (call $input_length))
    (local.set $out (call $alloc (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (call $store_u8
          (i64.add (local.get $out) (local.get $i))
          (call $input_load_u8 (i64.sub (i64.sub (local.get $n) (local.get $i)) (i64.const 1))))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (call $output_set (local.get $out) (local.get $n))
    (i32.const 0))

  ;; the input is the error message; the function still answers 0
  (func (export "fail") (result i32)
    (call $error_set (call $input_offset))
    (i32.const 0))

  ;; answers 3 and no message
  (func (export "three") (result i32) (i32.const 3))

  ;; the input names a config key; the output is its value (empty when there is none)
  (func (export "config") (result i32)
    (local $v i64)
    (local.set $v (call $config_get (call $input_offset)))
    (call $output_set (local.get $v) (call $length (local.get $v)))
    (i32.const 0))

  ;; var "v" takes the input
  (func (export "remember") (result i32)
    (call $var_set (call $key) (call $input_offset))
    (i32.const 0))

  ;; the output is var "v" (empty when not set)
  (func (export "recall") (result i32)
    (local $v i64)
    (local.set $v (call $var_get (call $key)))
    (call $output_set (local.get $v) (call $length (local.get $v)))
    (i32.const 0))

  ;; a block holding "v"
  (func $key (result i64)
    (local $k i64)
    (local.set $k (call $alloc (i64.const 1)))
    (call $store_u8 (local.get $k) (i32.const 118))
    (local.get $k))

  (func (export "log") (result i32)
    (call $log_info (call $input_offset))
    (i32.const 0))

  ;; reads far outside the kernel memory
  (func (export "outside") (result i32)
    (drop (call $load_u64 (i64.const 1099511627776)))
    (i32.const 0))

  ;; an output longer than the kernel memory
  (func (export "too_long") (result i32)
    (call $output_set (call $alloc (i64.const 8)) (i64.const 8589934592))
    (i32.const 0))

  ;; a message: the reply is the input
  (func (export "handle_message") (result i32)
    (call $output_set (call $input_offset) (call $input_length))
    (i32.const 0))

  ;; not a plugin function: it takes a parameter
  (func (export "helper") (param i32) (result i32) (local.get 0)))
