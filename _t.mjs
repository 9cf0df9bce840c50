import { PGlite } from "@electric-sql/pglite";
let t=Date.now(); const a = new PGlite(); await a.waitReady; console.log("new", Date.now()-t);
t=Date.now(); const b = new PGlite(); await b.waitReady; console.log("new2", Date.now()-t);
t=Date.now(); const c = await a.clone(); await c.waitReady; console.log("clone", Date.now()-t);
t=Date.now(); const d = await a.clone(); await d.waitReady; console.log("clone2", Date.now()-t);
