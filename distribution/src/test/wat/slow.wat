;; Test guest: a message takes as long as its component's timeout-ms allows (it spins until the
;; watchdog interrupts it); answer shows the component itself still serves Invokes.
(module
  (memory (export "memory") 1)
  (func (export "alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "handle-message") (param i32 i32 i32 i32) (result i32)
    (loop $forever (br $forever))
    (i32.const 0))
  (func (export "answer") (result i32) (i32.const 42))
)
