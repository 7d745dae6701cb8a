fn main() {
    println!("demarche");
}
