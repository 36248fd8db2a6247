;; Test guest of a capability the test registers itself: twice(x) is answered by whichever
;; provider of 'testcap' is present (or -30 while none is).
(module
  (import "wharf:testcap" "twice" (func $twice (param i32) (result i32)))
  (func (export "twice") (param $x i32) (result i32) (call $twice (local.get $x)))
)
