;; Lattice test guest: takes messages whose JSON payload is a number n and checks that they
;; arrive in order: each n must be the previous one plus one. `last` is the newest n,
;; `disorder` how many arrived out of order.
(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 8192))
  (global $last (mut i32) (i32.const 0))
  (global $disorder (mut i32) (i32.const 0))
  (func (export "alloc") (param $len i32) (result i32)
    (local $p i32)
    (if (i32.gt_u (local.get $len) (i32.const 16384)) (then (return (i32.const 0))))
    (if (i32.gt_u (i32.add (global.get $next) (local.get $len)) (i32.const 60000))
      (then (global.set $next (i32.const 8192))))
    (local.set $p (global.get $next))
    (global.set $next (i32.add (global.get $next) (local.get $len)))
    (local.get $p))
  (func (export "dealloc") (param i32 i32))
  (func (export "last") (result i32) (global.get $last))
  (func (export "disorder") (result i32) (global.get $disorder))
  ;; the payload: the JSON prefix (2 bytes), then decimal digits
  (func (export "handle-message") (param i32 i32) (param $mp i32) (param $ml i32) (result i32)
    (local $i i32) (local $n i32) (local $c i32)
    (local.set $i (i32.const 2))
    (block $done
      (loop $digit
        (br_if $done (i32.ge_u (local.get $i) (local.get $ml)))
        (local.set $c (i32.load8_u (i32.add (local.get $mp) (local.get $i))))
        (br_if $done (i32.or (i32.lt_u (local.get $c) (i32.const 48)) (i32.gt_u (local.get $c) (i32.const 57))))
        (local.set $n (i32.add (i32.mul (local.get $n) (i32.const 10)) (i32.sub (local.get $c) (i32.const 48))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $digit)))
    (if (i32.ne (local.get $n) (i32.add (global.get $last) (i32.const 1)))
      (then (global.set $disorder (i32.add (global.get $disorder) (i32.const 1)))))
    (global.set $last (local.get $n))
    (i32.const 0))
)
