;; Core module of the component "values" (WIT: src/main/wit/values.wit, world values-world), canonical
;; ABI options: memory, realloc=cabi_realloc, string-encoding=utf8, no post-return.
;;
;; Interface functions are exported as "wharf:test/values@0.1.0#NAME", world functions under their
;; own names (wit-component's legacy name mangling).
;;
;; Every id-* function returns its argument. A result that flattens to one core value is returned
;; as that value (the lift mirrors the lower). A result that flattens to more than one core value
;; (MAX_FLAT_RESULTS = 1) is stored in the return area, at $RET = 16 (8-aligned, 16 bytes), in
;; the canonical ABI's memory layout, and its address is returned. Strings and lists are returned
;; as the same (ptr, len) the caller lowered them to: the caller allocated them in this memory
;; with cabi_realloc, and the callee owns them.
;;
;; Memory: bytes 0..1024 static, the heap from 1024 on (never freed: there is no post-return).
(module
  (memory (export "memory") 1)

  (global $heap (mut i32) (i32.const 1024))

  ;; cabi_realloc(old_ptr, old_size, align, new_size) -> ptr: a bump allocator (see echo.wat)
  (func $realloc (export "cabi_realloc")
      (param $old i32) (param $old_size i32) (param $align i32) (param $new_size i32) (result i32)
    (local $ptr i32) (local $end i32) (local $i i32)
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
      (then
        (block $done
          (loop $copy
            (br_if $done (i32.ge_u (local.get $i) (local.get $old_size)))
            (i32.store8 (i32.add (local.get $ptr) (local.get $i))
                        (i32.load8_u (i32.add (local.get $old) (local.get $i))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $copy)))))
    (local.get $ptr))

  (func $reserve (param $end i32)
    (local $pages i32)
    (local.set $pages (i32.add (i32.shr_u (local.get $end) (i32.const 16))
                               (i32.ne (i32.and (local.get $end) (i32.const 0xffff)) (i32.const 0))))
    (if (i32.gt_u (local.get $pages) (memory.size))
      (then
        (if (i32.eq (memory.grow (i32.sub (local.get $pages) (memory.size))) (i32.const -1))
          (then unreachable)))))

  ;; ---- results of one core value: returned as they came -------------------------------------
  ;; bool, s8, u8, s16, u16, s32, u32, char, enum (its case index) and flags (a bit per label,
  ;; first label lowest) are all one i32
  (func $id_i32 (param i32) (result i32) (local.get 0))
  (export "wharf:test/values@0.1.0#id-bool" (func $id_i32))
  (export "wharf:test/values@0.1.0#id-s8" (func $id_i32))
  (export "wharf:test/values@0.1.0#id-u8" (func $id_i32))
  (export "wharf:test/values@0.1.0#id-s16" (func $id_i32))
  (export "wharf:test/values@0.1.0#id-u16" (func $id_i32))
  (export "wharf:test/values@0.1.0#id-s32" (func $id_i32))
  (export "wharf:test/values@0.1.0#id-u32" (func $id_i32))
  (export "wharf:test/values@0.1.0#id-char" (func $id_i32))
  (export "wharf:test/values@0.1.0#id-color" (func $id_i32))
  (export "wharf:test/values@0.1.0#id-perms" (func $id_i32))
  ;; s64, u64
  (func $id_i64 (param i64) (result i64) (local.get 0))
  (export "wharf:test/values@0.1.0#id-s64" (func $id_i64))
  (export "wharf:test/values@0.1.0#id-u64" (func $id_i64))
  (func (export "wharf:test/values@0.1.0#id-f32") (param f32) (result f32) (local.get 0))
  (func (export "wharf:test/values@0.1.0#id-f64") (param f64) (result f64) (local.get 0))

  ;; ---- results of more than one core value: through the return area at 16 -------------------
  ;; string, list<u8>, list<string>: params (ptr, len); stored as ptr at +0, len at +4. For
  ;; list<string> ptr addresses len elements of 8 bytes, each a string's (ptr, len).
  (func $id_ptr_len (param $ptr i32) (param $len i32) (result i32)
    (i32.store (i32.const 16) (local.get $ptr))
    (i32.store offset=4 (i32.const 16) (local.get $len))
    (i32.const 16))
  (export "wharf:test/values@0.1.0#id-string" (func $id_ptr_len))
  (export "wharf:test/values@0.1.0#id-bytes" (func $id_ptr_len))
  (export "wharf:test/values@0.1.0#id-strings" (func $id_ptr_len))

  ;; record point { x: f64, y: f64 }: params (x, y); x at +0, y at +8
  (func (export "wharf:test/values@0.1.0#id-point") (param $x f64) (param $y f64) (result i32)
    (f64.store (i32.const 16) (local.get $x))
    (f64.store offset=8 (i32.const 16) (local.get $y))
    (i32.const 16))

  ;; tuple<u32, string>: params (u32, ptr, len); u32 at +0, ptr at +4, len at +8
  (func (export "wharf:test/values@0.1.0#id-tuple")
      (param $n i32) (param $ptr i32) (param $len i32) (result i32)
    (i32.store (i32.const 16) (local.get $n))
    (i32.store offset=4 (i32.const 16) (local.get $ptr))
    (i32.store offset=8 (i32.const 16) (local.get $len))
    (i32.const 16))

  ;; variant shape { circle(f64), square(u32), none }: params (case index, payload) where the
  ;; payload is the join of f64 and i32, an i64 (circle: the f64's bits; square: the u32
  ;; zero-extended; none: unspecified). In memory: case index as u8 at +0, payload at +8 (the
  ;; largest case alignment, 8). Storing all 8 payload bytes is right for both cases: for square
  ;; the low 4 bytes (little-endian) are the u32 and the rest is padding.
  (func (export "wharf:test/values@0.1.0#id-shape") (param $case i32) (param $payload i64) (result i32)
    (i32.store8 (i32.const 16) (local.get $case))
    (i64.store offset=8 (i32.const 16) (local.get $payload))
    (i32.const 16))

  ;; option<u32>: params (0 = none / 1 = some, value); tag u8 at +0, value at +4
  (func (export "wharf:test/values@0.1.0#id-option") (param $tag i32) (param $v i32) (result i32)
    (i32.store8 (i32.const 16) (local.get $tag))
    (i32.store offset=4 (i32.const 16) (local.get $v))
    (i32.const 16))

  ;; result<u32, string>: params (0 = ok / 1 = err, p1, p2) where ok is (u32, -) and err is
  ;; (ptr, len); tag u8 at +0, payload at +4 (ok: u32 at +4; err: ptr at +4, len at +8)
  (func (export "wharf:test/values@0.1.0#id-result")
      (param $tag i32) (param $p1 i32) (param $p2 i32) (result i32)
    (i32.store8 (i32.const 16) (local.get $tag))
    (i32.store offset=4 (i32.const 16) (local.get $p1))
    (i32.store offset=8 (i32.const 16) (local.get $p2))
    (i32.const 16))

  ;; sum-many: 17 flat params > MAX_FLAT_PARAMS, so the only core param is the address of the
  ;; params stored as tuple<u8, u64, u16, u32, s8, s64, s16, s32, u8, u64, u16, u32, s8, s64,
  ;; s16, s32, u8> (alignment 8, each field at its own alignment):
  ;;   a u8 +0, b u64 +8, c u16 +16, d u32 +20, e s8 +24, f s64 +32, g s16 +40, h s32 +44,
  ;;   i u8 +48, j u64 +56, k u16 +64, l u32 +68, m s8 +72, n s64 +80, o s16 +88, p s32 +92,
  ;;   q u8 +96 (size 104). Result s64: one core value.
  (func (export "wharf:test/values@0.1.0#sum-many") (param $p i32) (result i64)
    (i64.add
      (i64.add
        (i64.add
          (i64.add (i64.load8_u (local.get $p)) (i64.load offset=8 (local.get $p)))
          (i64.add (i64.load16_u offset=16 (local.get $p)) (i64.load32_u offset=20 (local.get $p))))
        (i64.add
          (i64.add (i64.load8_s offset=24 (local.get $p)) (i64.load offset=32 (local.get $p)))
          (i64.add (i64.load16_s offset=40 (local.get $p)) (i64.load32_s offset=44 (local.get $p)))))
      (i64.add
        (i64.add
          (i64.add (i64.load8_u offset=48 (local.get $p)) (i64.load offset=56 (local.get $p)))
          (i64.add (i64.load16_u offset=64 (local.get $p)) (i64.load32_u offset=68 (local.get $p))))
        (i64.add
          (i64.add
            (i64.add (i64.load8_s offset=72 (local.get $p)) (i64.load offset=80 (local.get $p)))
            (i64.add (i64.load16_s offset=88 (local.get $p)) (i64.load32_s offset=92 (local.get $p))))
          (i64.load8_u offset=96 (local.get $p))))))

  ;; ---- world-level functions -------------------------------------------------------------------
  ;; add: func(a: s32, b: s32) -> s32
  (func (export "add") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b)))

  ;; mid: func(a: point, b: point) -> point: params (a.x, a.y, b.x, b.y); result point through
  ;; the return area (x at +0, y at +8)
  (func (export "mid") (param $ax f64) (param $ay f64) (param $bx f64) (param $by f64) (result i32)
    (f64.store (i32.const 16)
      (f64.mul (f64.add (local.get $ax) (local.get $bx)) (f64.const 0.5)))
    (f64.store offset=8 (i32.const 16)
      (f64.mul (f64.add (local.get $ay) (local.get $by)) (f64.const 0.5)))
    (i32.const 16))
)
