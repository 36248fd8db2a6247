;; Core module of the component "wasi-kv" (WIT: src/main/wit/wasi-user.wit, world wasi-kv): the
;; standard interfaces as Spin 3 components import them (wasi:keyvalue 0.2.0-draft2 store and
;; atomics, wasi:config 0.2.0-draft-2024-09-27, wasi:logging 0.1.0-draft), called with hand-written
;; canonical-ABI glue. Options: memory, realloc=cabi_realloc, string-encoding=utf8, a post-return
;; per export that empties the heap.
;;
;; Memory: 16..32 the return area of open (result<own<bucket>, error>: tag at 16, handle or the
;; error's tag at 20, its string at 24/28); 64..96 the return area of each export, where the host
;; also writes the result of the call that answers it (the layouts are the same); 256.. the log's
;; context; the heap from 1024.
(module
  (import "wasi:keyvalue/store@0.2.0-draft2" "open" (func $open (param i32 i32 i32)))
  (import "wasi:keyvalue/store@0.2.0-draft2" "[method]bucket.get" (func $get (param i32 i32 i32 i32)))
  (import "wasi:keyvalue/store@0.2.0-draft2" "[method]bucket.set" (func $set (param i32 i32 i32 i32 i32 i32)))
  (import "wasi:keyvalue/store@0.2.0-draft2" "[resource-drop]bucket" (func $drop (param i32)))
  (import "wasi:keyvalue/atomics@0.2.0-draft2" "increment" (func $increment (param i32 i32 i32 i64 i32)))
  (import "wasi:config/store@0.2.0-draft-2024-09-27" "get" (func $config-get (param i32 i32 i32)))
  (import "wasi:logging/logging@0.1.0-draft" "log" (func $log (param i32 i32 i32 i32 i32)))

  (memory (export "memory") 1)
  (data (i32.const 256) "counted")

  ;; next free byte of the bump allocator
  (global $heap (mut i32) (i32.const 1024))

  ;; cabi_realloc(old_ptr, old_size, align, new_size) -> ptr: a bump allocator (see echo.wat)
  (func $realloc (export "cabi_realloc")
      (param $old i32) (param $old_size i32) (param $align i32) (param $new_size i32) (result i32)
    (local $ptr i32) (local $end i32)
    (if (i32.and (i32.ne (local.get $old) (i32.const 0))
                 (i32.le_u (local.get $new_size) (local.get $old_size)))
      (then (return (local.get $old))))
    (local.set $ptr
      (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
               (i32.sub (i32.const 0) (local.get $align))))
    (local.set $end (i32.add (local.get $ptr) (local.get $new_size)))
    (if (i32.lt_u (local.get $end) (local.get $ptr)) (then unreachable))
    (call $reserve (local.get $end))
    (global.set $heap (local.get $end))
    (if (i32.ne (local.get $old) (i32.const 0))
      (then (memory.copy (local.get $ptr) (local.get $old) (local.get $old_size))))
    (local.get $ptr))

  ;; grows the memory until byte end-1 is inside it; traps when it cannot
  (func $reserve (param $end i32)
    (local $pages i32)
    (local.set $pages (i32.add (i32.shr_u (local.get $end) (i32.const 16))
                               (i32.ne (i32.and (local.get $end) (i32.const 0xffff)) (i32.const 0))))
    (if (i32.gt_u (local.get $pages) (memory.size))
      (then
        (if (i32.eq (memory.grow (i32.sub (local.get $pages) (memory.size))) (i32.const -1))
          (then unreachable)))))

  ;; opens bucket (ptr, len); 0 when it failed, with the error copied into the export's return
  ;; area as the err of a result whose payload is at offset $at (4, or 8 after an s64)
  (func $bucket (param $ptr i32) (param $len i32) (param $at i32) (result i32)
    (call $open (local.get $ptr) (local.get $len) (i32.const 16))
    (if (i32.eqz (i32.load8_u (i32.const 16)))
      (then (return (i32.load (i32.const 20)))))
    (i32.store8 (i32.const 64) (i32.const 1))
    (i32.store8 (i32.add (i32.const 64) (local.get $at)) (i32.load8_u (i32.const 20)))
    (i32.store (i32.add (i32.const 68) (local.get $at)) (i32.load (i32.const 24)))
    (i32.store (i32.add (i32.const 72) (local.get $at)) (i32.load (i32.const 28)))
    (i32.const 0))

  ;; count: func(bucket: string, key: string) -> result<s64, error>
  (func (export "count") (param $bp i32) (param $bl i32) (param $kp i32) (param $kl i32) (result i32)
    (local $b i32)
    (local.set $b (call $bucket (local.get $bp) (local.get $bl) (i32.const 8)))
    (if (i32.eqz (local.get $b)) (then (return (i32.const 64))))
    (call $increment (local.get $b) (local.get $kp) (local.get $kl) (i64.const 1) (i32.const 64))
    (call $drop (local.get $b))
    ;; info, context "counted", message the key
    (if (i32.eqz (i32.load8_u (i32.const 64)))
      (then (call $log (i32.const 2) (i32.const 256) (i32.const 7) (local.get $kp) (local.get $kl))))
    (i32.const 64))

  ;; put: func(bucket: string, key: string, value: string) -> result<_, error>
  (func (export "put") (param $bp i32) (param $bl i32) (param $kp i32) (param $kl i32)
      (param $vp i32) (param $vl i32) (result i32)
    (local $b i32)
    (local.set $b (call $bucket (local.get $bp) (local.get $bl) (i32.const 4)))
    (if (i32.eqz (local.get $b)) (then (return (i32.const 64))))
    (call $set (local.get $b) (local.get $kp) (local.get $kl) (local.get $vp) (local.get $vl) (i32.const 64))
    (call $drop (local.get $b))
    (i32.const 64))

  ;; fetch: func(bucket: string, key: string) -> result<option<string>, error>; the value comes as
  ;; option<list<u8>>, laid out as option<string> is
  (func (export "fetch") (param $bp i32) (param $bl i32) (param $kp i32) (param $kl i32) (result i32)
    (local $b i32)
    (local.set $b (call $bucket (local.get $bp) (local.get $bl) (i32.const 4)))
    (if (i32.eqz (local.get $b)) (then (return (i32.const 64))))
    (call $get (local.get $b) (local.get $kp) (local.get $kl) (i32.const 64))
    (call $drop (local.get $b))
    (i32.const 64))

  ;; setting: func(key: string) -> result<option<string>, config-error>
  (func (export "setting") (param $kp i32) (param $kl i32) (result i32)
    (call $config-get (local.get $kp) (local.get $kl) (i32.const 64))
    (i32.const 64))

  ;; post-returns: the host has read the results; the heap starts over
  (func $reset (param i32) (global.set $heap (i32.const 1024)))
  (export "cabi_post_count" (func $reset))
  (export "cabi_post_put" (func $reset))
  (export "cabi_post_fetch" (func $reset))
  (export "cabi_post_setting" (func $reset))
)
