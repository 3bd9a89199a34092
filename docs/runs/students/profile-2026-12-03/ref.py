import sys, json, collections, torch
sys.path.insert(0, '/work/main/scripts')
import importlib.util
spec = importlib.util.spec_from_file_location("ref", "/work/main/scripts/pytorch-reference.py")
ref = importlib.util.module_from_spec(spec); spec.loader.exec_module(ref)
import torch.nn.functional as F
torch.manual_seed(42)
model = ref.build(sys.argv[1])
opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.05)
images, labels = torch.rand(128, 1, 32, 32), torch.randint(0, 10, (128,))
def step():
    opt.zero_grad(set_to_none=True)
    F.cross_entropy(model(images), labels).backward()
    opt.step()
model.train()
for _ in range(30): step()
from torch.profiler import profile, ProfilerActivity
with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as p:
    for _ in range(20): step()
p.export_chrome_trace(sys.argv[2])
