;; Core module of the component "bad-actor" (WIT: src/main/wit/bad-actor.wit): its
;; handle-message takes a string and answers a u32, not wharf:actor's type.
(module
  (memory (export "memory") 1)
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func (export "wharf:actor/handler@1.0.0#handle-message") (param i32 i32) (result i32) (i32.const 0))
)
