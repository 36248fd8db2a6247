;; Test guest for health and supervision.
;;   _health answers what set_health stored: 0, 1, 2, any other number; 99 traps, 98 loops.
;;   handle-message traps on a JSON string "x...", counts anything else.
;;   inc/get: state that a restart resets. grow/bomb: memory growth up to the cap.
(module
  (memory (export "memory") 1)
  (global $health (mut i32) (i32.const 0))
  (global $count (mut i32) (i32.const 0))
  (global $state (mut i32) (i32.const 0))
  (global $heap (mut i32) (i32.const 1024))
  (global $live (mut i32) (i32.const 0))

  (func (export "alloc") (param $len i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (if (i32.gt_u (i32.add (local.get $p) (local.get $len)) (i32.const 65536))
      (then (return (i32.const 0))))
    (global.set $heap (i32.add (local.get $p) (local.get $len)))
    (global.set $live (i32.add (global.get $live) (i32.const 1)))
    (local.get $p))
  (func (export "dealloc") (param i32 i32)
    (global.set $live (i32.sub (global.get $live) (i32.const 1)))
    (if (i32.eqz (global.get $live)) (then (global.set $heap (i32.const 1024)))))

  (func (export "_health") (result i32)
    (if (i32.eq (global.get $health) (i32.const 99)) (then unreachable))
    (if (i32.eq (global.get $health) (i32.const 98)) (then (loop $forever (br $forever))))
    (global.get $health))
  (func (export "set_health") (param i32) (global.set $health (local.get 0)))

  (func (export "handle-message") (param i32 i32) (param $mp i32) (param $ml i32) (result i32)
    (if (i32.and (i32.eq (i32.load8_u offset=2 (local.get $mp)) (i32.const 0x22))
                 (i32.eq (i32.load8_u offset=3 (local.get $mp)) (i32.const 0x78)))
      (then unreachable))
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (i32.const 0))
  (func (export "count") (result i32) (global.get $count))

  (func (export "inc") (result i32)
    (global.set $state (i32.add (global.get $state) (i32.const 1)))
    (global.get $state))
  (func (export "trap") (result i32) unreachable)
  (func (export "spin") (loop $forever (br $forever)))

  ;; grows memory one page at a time until memory.grow answers -1; returns the pages it has
  (func (export "grow") (result i32)
    (block $full
      (loop $more
        (br_if $full (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (br $more)))
    (memory.size))
  ;; the same, but traps when the memory runs out
  (func (export "bomb") (result i32)
    (loop $more
      (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable))
      (br $more))
    (i32.const 0))
)
