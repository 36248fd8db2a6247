;; Test guest: every number type, several results, no results, a trap.
(module
  (func (export "add") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.add)
  (func (export "sub64") (param i64 i64) (result i64)
    local.get 0 local.get 1 i64.sub)
  (func (export "scale32") (param f32 f32) (result f32)
    local.get 0 local.get 1 f32.mul)
  (func (export "hypot") (param f64 f64) (result f64)
    local.get 0 local.get 0 f64.mul
    local.get 1 local.get 1 f64.mul
    f64.add f64.sqrt)
  ;; two results of different types, in swapped order
  (func (export "swap") (param i32 i64) (result i64 i32)
    local.get 1 local.get 0)
  ;; i32 + i64 + f32 + f64 as f64
  (func (export "mix") (param i32 i64 f32 f64) (result f64)
    local.get 0 f64.convert_i32_s
    local.get 1 f64.convert_i64_s f64.add
    local.get 2 f64.promote_f32 f64.add
    local.get 3 f64.add)
  (func (export "div") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.div_s)
  (func (export "nothing"))
  (func (export "sum8") (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
    local.get 0 local.get 1 i32.add local.get 2 i32.add local.get 3 i32.add
    local.get 4 i32.add local.get 5 i32.add local.get 6 i32.add local.get 7 i32.add)
  (func (export "unreachable") (result i32)
    unreachable)
)
