;; Core module of the component "liar" (WIT: src/main/wit/liar.wit, world liar), canonical ABI
;; options: memory, realloc=cabi_realloc, string-encoding=utf8. Each export of the interface
;; wharf:test/lies breaks the canonical ABI in one way, so that a host can be shown to trap each
;; with a clear message; "echo" is honest, to show an instance that did not trap still works.
;;
;; Memory layout: bytes 16..128 are return areas (one per function), the string "hi" is at 300,
;; the bytes C3 28 (not UTF-8) at 200; the heap starts at 1024. One page, never grown by a lie.
(module
  ;; report: func(s: string, c: char), given by the host: (ptr, len, char)
  (import "$root" "report" (func $report (param i32 i32 i32)))
  (import "[export]wharf:test/lies@0.1.0" "[resource-new]thing" (func $thing_new (param i32) (result i32)))

  (memory (export "memory") 1)
  (data (i32.const 200) "\c3\28")
  (data (i32.const 300) "hi")

  (global $heap (mut i32) (i32.const 1024))
  ;; what cabi_realloc does: 0 honest, 1 a pointer past memory, 2 a misaligned pointer
  (global $realloc_mode (mut i32) (i32.const 0))

  ;; cabi_realloc(old_ptr, old_size, align, new_size) -> ptr: a bump allocator, or a liar
  (func $realloc (export "cabi_realloc")
      (param $old i32) (param $old_size i32) (param $align i32) (param $new_size i32) (result i32)
    (local $ptr i32)
    (if (i32.eq (global.get $realloc_mode) (i32.const 1)) (then (return (i32.const 0xffffff00))))
    (local.set $ptr
      (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
               (i32.sub (i32.const 0) (local.get $align))))
    (global.set $heap (i32.add (local.get $ptr) (local.get $new_size)))
    (if (i32.gt_u (global.get $heap) (i32.const 65536)) (then unreachable))
    (if (i32.eq (global.get $realloc_mode) (i32.const 2)) (then (return (i32.add (local.get $ptr) (i32.const 1)))))
    (local.get $ptr))

  (func (export "wharf:test/lies@0.1.0#bool-two") (result i32) (i32.const 2))
  (func (export "wharf:test/lies@0.1.0#char-surrogate") (result i32) (i32.const 0xd800))
  (func (export "wharf:test/lies@0.1.0#char-too-big") (result i32) (i32.const 0x110000))

  ;; option<u32> at 16: tag (u8) 2, where only 0 (none) and 1 (some) exist
  (func (export "wharf:test/lies@0.1.0#option-bad") (result i32)
    (i32.store8 (i32.const 16) (i32.const 2))
    (i32.const 16))

  ;; result<u32, string> at 32: tag 2, where only 0 (ok) and 1 (err) exist
  (func (export "wharf:test/lies@0.1.0#result-bad") (result i32)
    (i32.store8 (i32.const 32) (i32.const 2))
    (i32.const 32))

  ;; shape at 48 (alignment 8 for circle's f64): tag 7 of 3 cases
  (func (export "wharf:test/lies@0.1.0#variant-bad") (result i32)
    (i32.store8 (i32.const 48) (i32.const 7))
    (i32.const 48))

  (func (export "wharf:test/lies@0.1.0#enum-bad") (result i32) (i32.const 5))
  (func (export "wharf:test/lies@0.1.0#flags-extra") (result i32) (i32.const 0xff))

  ;; string at 64: 100 bytes from 65530, 94 of them past the end of the one page
  (func (export "wharf:test/lies@0.1.0#string-past-memory") (result i32)
    (i32.store (i32.const 64) (i32.const 65530))
    (i32.store (i32.const 68) (i32.const 100))
    (i32.const 64))

  ;; string at 72: the two bytes at 200, C3 28 (a lead byte followed by no continuation byte)
  (func (export "wharf:test/lies@0.1.0#string-not-utf8") (result i32)
    (i32.store (i32.const 72) (i32.const 200))
    (i32.store (i32.const 76) (i32.const 2))
    (i32.const 72))

  ;; list<u64> at 80: 2^29 elements of 8 bytes, 2^32 bytes (0 in 32-bit arithmetic)
  (func (export "wharf:test/lies@0.1.0#list-overflow") (result i32)
    (i32.store (i32.const 80) (i32.const 0))
    (i32.store (i32.const 84) (i32.const 0x20000000))
    (i32.const 80))

  (func (export "wharf:test/lies@0.1.0#retptr-out-of-bounds") (result i32) (i32.const 0xfffffff8))
  (func (export "wharf:test/lies@0.1.0#retptr-unaligned") (result i32) (i32.const 9))

  ;; an own<thing> handle that resource.new never returned
  (func (export "wharf:test/lies@0.1.0#forged-thing") (result i32) (i32.const 77))

  ;; constructor(): an honest handle, rep 1
  (func (export "wharf:test/lies@0.1.0#[constructor]thing") (result i32)
    (call $thing_new (i32.const 1)))

  (func (export "wharf:test/lies@0.1.0#set-realloc-mode") (param $mode i32)
    (global.set $realloc_mode (local.get $mode)))

  (func (export "wharf:test/lies@0.1.0#take-string") (param $ptr i32) (param $len i32) (result i32)
    (local.get $len))

  (func (export "wharf:test/lies@0.1.0#take-list") (param $ptr i32) (param $len i32) (result i32)
    (local.get $len))

  ;; 0: "hi" and 'x'; 1: 1000 bytes from 65000, past the end of memory; 2: the surrogate U+DC00
  (func (export "wharf:test/lies@0.1.0#call-report") (param $mode i32)
    (if (i32.eq (local.get $mode) (i32.const 1))
      (then (call $report (i32.const 65000) (i32.const 1000) (i32.const 0x78)) (return)))
    (if (i32.eq (local.get $mode) (i32.const 2))
      (then (call $report (i32.const 300) (i32.const 2) (i32.const 0xdc00)) (return)))
    (call $report (i32.const 300) (i32.const 2) (i32.const 0x78)))

  ;; echo: the string the host stored, back through the return area at 8
  (func (export "wharf:test/lies@0.1.0#echo") (param $ptr i32) (param $len i32) (result i32)
    (i32.store (i32.const 8) (local.get $ptr))
    (i32.store (i32.const 12) (local.get $len))
    (i32.const 8))
)
